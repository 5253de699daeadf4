package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.SpecModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which linears the generated {@code flow} computes in channel parts ({@code f.applyInParts}):
 * those whose output reaches, through element-wise layers only, a block that first splits its
 * input into equal channel parts, nothing else reading it. What the parts compute is checked in
 * the runtime ({@code ChannelPartsTest}) and, for gMLP, against the PyTorch twin ({@code
 * ZooParityTest}).
 */
class LinearsInPartsTest {
    static final String SPEC = """
            model P {
              input tokens(3, 6)
              classes 2
              Activated -> Direct -> Normed -> Sized -> Reused -> pool(mean) -> linear(classes)
            }
            block Gate {
              split channels into u, v
              v = v -> layerNorm
              u * v
            }
            block SizedGate {
              split channels into u(4), v(4)
              u * v
            }
            block Activated { linear(8) -> gelu -> times(2) -> Gate -> linear(6) }
            block Direct { linear(8) -> Gate -> linear(6) }
            block Normed { linear(8) -> layerNorm -> Gate -> linear(6) }
            block Sized { linear(8) -> silu -> SizedGate -> linear(6) }
            block Reused {
              h = linear(8) -> gelu
              g = h -> Gate
              concat(g, h) -> linear(6)
            }
            """;

    static final Pattern IN_PARTS = Pattern.compile("f\\.applyInParts\\((\\w+), (\\w+), (\\d+)\\)");

    @TempDir
    static Path dir;

    static GeneratedCode code;

    @BeforeAll
    static void generate() throws IOException {
        Path spec = dir.resolve("p.vmodel");
        Files.writeString(spec, SPEC);
        code = GeneratedCode.of(dir.resolve("out"), spec);
    }

    @Test
    void aLinearThroughElementWiseLayersIntoAnEqualSplitIsComputedInParts() {
        for (String block : new String[] {"Activated", "Direct"}) {
            Matcher m = IN_PARTS.matcher(code.source(block));
            assertTrue(m.find(), block + " computes its linear in parts:\n" + code.source(block));
            assertEquals("2", m.group(3), block);
            assertFalse(m.find(), block + ": one linear in parts");
            assertTrue(code.source(block).contains("// One product per channel part that gate splits"), block);
        }
    }

    @Test
    void notWhereChannelsMixOnTheWayTheSplitHasSizesOrTheValueIsReadAgain() {
        for (String block : new String[] {"Normed", "Sized", "Reused", "Gate", "P"}) {
            assertFalse(IN_PARTS.matcher(code.source(block)).find(), block + ":\n" + code.source(block));
        }
    }

    @Test
    void theModelTrainsAndInfersWithItsLinearsInParts() {
        SpecModel model = ModelFamilies.named("P", code.classes).build(null, Map.of());
        try (NDManager m = Engines.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, model.inputShape(4));
            NDArray x = m.randomNormal(model.inputShape(4));
            for (boolean training : new boolean[] {true, false}) {
                NDArray out = model.forward(new ParameterStore(m, false), new NDList(x), training)
                        .singletonOrThrow();
                assertEquals(new Shape(4, 2), out.getShape());
            }
        }
    }
}
