package dev.vmodel.dsl.validation;

import static dev.vmodel.semantic.IssueCodes.BAD_LABEL;
import static dev.vmodel.semantic.IssueCodes.DUPLICATE_NAME;
import static dev.vmodel.semantic.IssueCodes.NAME_TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.decl.DeclWalk;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer labels ({@code fc1: linear(4 * dim)}): parsed, lowered into Stage.Call.label, and checked. */
class LabelTest {
    @TempDir
    Path dir;

    SpecFixture specs;

    @BeforeEach
    void setUp() {
        specs = new SpecFixture(dir);
    }

    private static final String MLP = """
            model M {
              param dim = 8
              input tokens(4, 8)
              classes 2
              %s
              pool(mean) -> head: linear(classes)
            }
            block Mlp(dim) { layerNorm -> fc1: linear(4 * dim) -> gelu -> fc2: linear(dim) }
            """;

    @Test
    void labelsAreLoweredIntoTheCalls() {
        Path file = specs.write("main.vmodel", MLP.formatted("residual { mlp: Mlp(dim) }"));
        SpecFixture.Checked c = specs.check(file);
        assertFalse(c.hasErrors(), c.listing());
        Program p = SpecFixture.LOADER.load(file).program();
        List<String> labels = new ArrayList<>();
        DeclWalk.calls(p.root().models().get(0).body(), call -> labels.add(call.name() + "=" + call.label()));
        DeclWalk.calls(p.root().blocks().get(0).body(), call -> labels.add(call.name() + "=" + call.label()));
        assertEquals(
                List.of(
                        "Mlp=mlp",
                        "pool=null",
                        "linear=head",
                        "layerNorm=null",
                        "linear=fc1",
                        "gelu=null",
                        "linear=fc2"),
                labels);
        // labels change no count: 2 * (8*32 + 32 + 32*8 + 8 + 16) + head
        assertEquals(
                2 * 8 + (8 * 32 + 32) + (32 * 8 + 8) + (8 * 2 + 2),
                c.instances().get(0).cost().params());
        Stage.Call unlabelled = new Stage.Call("gelu", List.of(), false, null);
        assertNull(unlabelled.label());
    }

    @Test
    void aLabelIsUsedOncePerClassBody() {
        SpecFixture.Checked c = specs.check(MLP.formatted("a: linear(8) -> residual { a: linear(8) }"));
        assertTrue(c.error(DUPLICATE_NAME, 5).message().contains("label 'a'"), c.listing());
    }

    @Test
    void aRepeatBodyIsAClassOfItsOwn() {
        SpecFixture.Checked c = specs.check(MLP.formatted("a: linear(8) -> repeat 2 { a: linear(8) -> b: gelu }"));
        assertFalse(c.hasErrors(), c.listing());
    }

    @Test
    void aLabelOnAValueOrAMergeIsAnError() {
        specs.check(MLP.formatted("x = linear(8)\n  y: x")).error(BAD_LABEL, 6);
        specs.check(MLP.formatted("split channels into u, v\n  m: u * v")).error(BAD_LABEL, 6);
        specs.check(MLP.formatted("split channels into u, v\n  c: concat(u, v) -> linear(8)"))
                .error(BAD_LABEL, 6);
    }

    @Test
    void aLabelHasABoundedLength() {
        specs.check(MLP.formatted("l" + "x".repeat(64) + ": linear(8)")).error(NAME_TOO_LONG, 5);
    }
}
