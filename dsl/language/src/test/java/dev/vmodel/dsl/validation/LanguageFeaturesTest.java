package dev.vmodel.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.model.Body;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Shape;
import dev.vmodel.semantic.model.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Families beyond the seed four must be writable without new Java (DESIGN.md). */
class LanguageFeaturesTest {
    @TempDir
    Path dir;

    private SpecFixture.Checked checked;

    private ModelInstance only(String spec) {
        SpecFixture.Checked c = new SpecFixture(dir).check(spec);
        checked = c;
        assertTrue(!c.hasErrors(), c.listing());
        assertEquals(1, c.instances().size());
        return c.instances().get(0);
    }

    /** ResMLP-S12 (Touvron et al. 2021): Affine norms, token mixing, LayerScale; timm resmlp_12_224 has 15,350,872. */
    @Test
    void resMlpS12() {
        ModelInstance m = only("""
                model ResMlp {
                  param dim = 384
                  param depth = 12
                  input image(3, 224, 224)
                  classes 1000
                  conv(dim, kernel = 16, stride = 16) -> tokens
                  repeat depth {
                    residual { affine -> mix tokens { linear(tokens) } -> scale(init = constant(0.1)) }
                    residual { affine -> linear(4 * dim) -> gelu -> linear(dim) -> scale(init = constant(0.1)) }
                  }
                  affine -> pool(mean) -> linear(classes)
                }
                """);
        assertEquals(15_350_872L, m.cost().params());
        assertTrue(checked.diagnostics().isEmpty(), checked.listing());
    }

    /** A two-stage hierarchy with depthwise convs, group norm, token/grid round trips and every merge. */
    @Test
    void hierarchicalStagesAndEveryMerge() {
        ModelInstance m = only("""
                model Pyramid {
                  input image(3, 32, 32)
                  classes 10
                  conv(16, kernel = 4, stride = 4) -> groupNorm(4)                 // [16, 8, 8]
                  residual { conv(channels, kernel = 3, padding = same, groups = channels) -> gelu }
                  avgPool(3, stride = 2, padding = 1, countPadding = false)        // [16, 4, 4]
                  conv(32, kernel = 1) -> tokens                                   // [16, 32]
                  split channels into a, b
                  d = a - b
                  s = a + b
                  concat(d, s, axis = tokens) -> posEmbed(sinusoidal) -> classToken  // [33, 16]
                  split tokens into head(1), rest(32)
                  rest -> grid(height = 4, width = 8) -> maxPool(2) -> tokens -> pool(max) -> linear(classes)
                }
                """);
        // The class token's part is split off and dropped on purpose: that is worth a warning, not an error.
        checked.warning(dev.vmodel.semantic.IssueCodes.UNUSED_VALUE, 12);
        assertEquals(1, checked.diagnostics().size(), checked.listing());
        List<Shape> shapes = new ArrayList<>();
        collect(m.body(), shapes);
        assertTrue(shapes.contains(Shape.image(16, 8, 8)), shapes.toString());
        assertTrue(shapes.contains(Shape.image(16, 4, 4)), shapes.toString());
        assertTrue(shapes.contains(Shape.tokens(32, 16)), shapes.toString());
        assertTrue(shapes.contains(Shape.tokens(33, 16)), shapes.toString());
        assertTrue(shapes.contains(Shape.image(16, 2, 4)), shapes.toString());
        long stem = 3 * 16 * 16 + 16;
        long groupNorm = 2 * 16;
        long depthwise = 16 * 9 + 16;
        long pointwise = 16 * 32 + 32;
        long classToken = 16;
        long head = 16 * 10 + 10;
        assertEquals(
                stem + groupNorm + depthwise + pointwise + classToken + head,
                m.cost().params());
    }

    private static void collect(Body body, List<Shape> shapes) {
        for (Step s : body.steps()) {
            Node n = s.node();
            shapes.addAll(n.outputs());
            if (n instanceof Node.Residual r) collect(r.body(), shapes);
        }
    }
}
