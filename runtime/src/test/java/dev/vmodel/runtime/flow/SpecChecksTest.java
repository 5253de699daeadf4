package dev.vmodel.runtime.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.InputDecl;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.infer.Analysis;
import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.ShapeKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each check refuses what the validator refuses, with the validator's very line: the expected
 * message comes from running the semantic analysis on a one-layer spec with the same numbers, all
 * of whose text sits at {@code t.vmodel:3:5}.
 */
class SpecChecksTest {

    private static final String WHERE = "t.vmodel:3:5";
    private static final SourceLocation AT = new SourceLocation("t.vmodel", 3, 5, 0, 1);

    private static Expr num(String text) {
        return text.startsWith("-") ? new Expr.Negate(num(text.substring(1)), AT) : new Expr.Number(text, AT);
    }

    private static Arg arg(String name, String value) {
        Expr e = value.equals("same") ? new Expr.Ref("same", AT) : num(value);
        return new Arg(name, e, AT);
    }

    private static Stmt layer(String name, Arg... args) {
        return new Stmt.Flow(null, null, List.of(new Stage.Call(name, List.of(args), true, AT)), AT);
    }

    private static Stmt split(Axis axis, String... sizes) {
        String[] given = sizes.length == 0 ? new String[3] : sizes; // three equal parts, or these sizes
        List<Stmt.Split.Part> parts = new ArrayList<>();
        for (int i = 0; i < given.length; i++) {
            parts.add(new Stmt.Split.Part("part" + i, given[i] == null ? null : num(given[i]), AT));
        }
        return new Stmt.Split(axis, parts, AT);
    }

    /** The validator's first error for a model {@code input kind(dims); classes 10; body}. */
    private static String validator(ShapeKind kind, List<String> dims, Stmt... body) {
        ModelDecl m = new ModelDecl(
                "Net",
                null,
                AT,
                List.of(),
                new InputDecl(kind, dims.stream().map(SpecChecksTest::num).toList(), AT),
                num("10"),
                List.of(),
                null,
                List.of(body));
        Program p = new Program(new SpecFile("t.vmodel", List.of(), List.of(m), List.of()), List.of());
        Diagnostic d = Analysis.analyze(p).diagnostics().stream()
                .filter(Diagnostic::isError)
                .findFirst()
                .orElse(null);
        assertNotNull(d, "the validator rejects it");
        return d.format();
    }

    private static String image(int c, int h, int w, Stmt... body) {
        return validator(ShapeKind.IMAGE, List.of("" + c, "" + h, "" + w), body);
    }

    private static String tokens(int n, int d, Stmt... body) {
        return validator(ShapeKind.TOKENS, List.of("" + n, "" + d), body);
    }

    private static void assertSame(String validator, Executable check) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, check);
        assertEquals(validator, e.getMessage());
    }

    @Test
    void windowsThatDoNotTileTheImage() {
        // defect 4: imageSize 72 with patch 16 drops 8 pixels
        String patch = image(3, 72, 72, layer("conv", arg(null, "8"), arg("kernel", "16"), arg("stride", "16")));
        assertEquals(
                "t.vmodel:3:5: error: kernel 16 with stride 16 and padding 0 does not tile the height 72: the last 8 "
                        + "pixel(s) are never read; make the height a multiple of the stride or pad it [vmodel.does-not-tile]",
                patch);
        assertSame(patch, () -> SpecChecks.window(WHERE, "height", 72, 16, 16, 0, 1));
        assertSame(
                image(3, 3, 3, layer("conv", arg(null, "8"), arg("kernel", "5"))),
                () -> SpecChecks.window(WHERE, "height", 3, 5, 1, 0, 1));
        assertSame(
                image(3, 9, 9, layer("maxPool", arg("kernel", "2"))),
                () -> SpecChecks.window(WHERE, "height", 9, 2, 2, 0, 1));
    }

    @Test
    void windowsThatTileGiveTheOutputSize() {
        assertEquals(9, SpecChecks.window(WHERE, "height", 72, 8, 8, 0, 1));
        assertEquals(4, SpecChecks.window(WHERE, "width", 8, 3, 2, 1, 1)); // (8 + 2 - 3) / 2 + 1
        assertEquals(8, SpecChecks.window(WHERE, "width", 8, 3, 1, 2, 2)); // dilated: span 5
    }

    @Test
    void headsGroupsAndPadding() {
        assertSame(tokens(4, 512, layer("attention", arg("heads", "10"))), () -> SpecChecks.heads(WHERE, 512, 10));
        assertSame(tokens(4, 512, layer("attention", arg("heads", "0"))), () -> SpecChecks.heads(WHERE, 512, 0));
        SpecChecks.heads(WHERE, 512, 8);
        assertSame(image(8, 4, 4, layer("groupNorm", arg("groups", "3"))), () -> SpecChecks.groups(WHERE, 8, 3));
        SpecChecks.groups(WHERE, 8, 4);
        assertSame(
                image(8, 4, 4, layer("conv", arg(null, "6"), arg("kernel", "1"), arg("groups", "4"))),
                () -> SpecChecks.convGroups(WHERE, 8, 6, 4));
        SpecChecks.convGroups(WHERE, 8, 8, 8);
        assertSame(
                image(3, 8, 8, layer("maxPool", arg("kernel", "2"), arg("padding", "2"))),
                () -> SpecChecks.poolPadding(WHERE, "maxPool", 2, 2));
        assertSame(
                image(3, 8, 8, layer("conv", arg(null, "8"), arg("kernel", "4"), arg("padding", "same"))),
                () -> SpecChecks.samePadding(WHERE, 4, 1, 1));
        assertEquals(2, SpecChecks.samePadding(WHERE, 3, 1, 2));
    }

    @Test
    void grids() {
        assertSame(tokens(12, 4, layer("grid")), () -> SpecChecks.grid(WHERE, 12, 0, 0));
        assertSame(tokens(12, 4, layer("grid", arg("height", "5"))), () -> SpecChecks.grid(WHERE, 12, 5, 0));
        assertSame(
                tokens(12, 4, layer("grid", arg("height", "2"), arg("width", "5"))),
                () -> SpecChecks.grid(WHERE, 12, 2, 5));
        assertArrayEquals(new long[] {4, 4}, SpecChecks.grid(WHERE, 16, 0, 0));
        assertArrayEquals(new long[] {4, 3}, SpecChecks.grid(WHERE, 12, 0, 3));
        assertArrayEquals(new long[] {2, 6}, SpecChecks.grid(WHERE, 12, 2, 6));
    }

    @Test
    void splits() {
        assertSame(tokens(4, 8, split(Axis.CHANNELS)), () -> SpecChecks.divides(WHERE, "channels", 8, 3));
        SpecChecks.divides(WHERE, "channels", 9, 3);
        assertSame(tokens(4, 8, split(Axis.CHANNELS, "3", "4")), () -> SpecChecks.addsUp(WHERE, "channels", 8, 3, 4));
        SpecChecks.addsUp(WHERE, "tokens", 4, 1, 3);
    }

    @Test
    void valuesOutOfRange() {
        assertSame(
                tokens(4, 8, layer("dropout", arg("p", "1.5"))), () -> SpecChecks.probability(WHERE, "dropout p", 1.5));
        assertSame(
                tokens(4, 8, layer("dropPath", arg("p", "-0.25"))),
                () -> SpecChecks.probability(WHERE, "dropPath p", -0.25));
        assertEquals(0.25, SpecChecks.probability(WHERE, "dropout p", 0.25));
        assertSame(
                tokens(4, 8, layer("layerNorm", arg("eps", "-0.5"))),
                () -> SpecChecks.positive(WHERE, "layerNorm eps", -0.5));
        assertEquals(1e-6, SpecChecks.positive(WHERE, "layerNorm eps", 1e-6));
        assertSame(
                tokens(4, 8, layer("linear", arg(null, "0"))), () -> SpecChecks.positiveSize(WHERE, "linear out", 0));
        assertEquals(3, SpecChecks.positiveSize(WHERE, "linear out", 3));
        assertEquals(
                "t.vmodel:3:5: error: repeat count must be 0 or more, got -1 [vmodel.non-positive-size]",
                assertThrows(IllegalArgumentException.class, () -> SpecChecks.nonNegative(WHERE, "repeat count", -1))
                        .getMessage());
    }

    @Test
    void locations() {
        assertEquals(
                new SourceLocation("C:/specs/a.vmodel", 12, 3, 0, 0), SpecChecks.location("C:/specs/a.vmodel:12:3"));
        assertThrows(IllegalArgumentException.class, () -> SpecChecks.location("a.vmodel"));
        assertThrows(IllegalArgumentException.class, () -> SpecChecks.location("a.vmodel:x:3"));
    }
}
