package dev.vmodel.dsl.validation;

import static dev.vmodel.semantic.IssueCodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.Diagnostic;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One spec per validation rule: each must be reported with its issue code on the right line.
 * The specs are tiny (8x8 images, widths of 8) so that the whole suite runs in seconds.
 */
class NegativeSpecTest {
    @TempDir
    Path dir;

    SpecFixture specs;

    @BeforeEach
    void setUp() {
        specs = new SpecFixture(dir);
    }

    /** A valid little model around one body; the body starts on line 5. */
    private SpecFixture.Checked model(String body) {
        return specs.check("""
                model M {
                  param dim = 8
                  input image(3, 8, 8)
                  classes 10
                """ + body + """

                  pool(mean) -> linear(classes)
                }
                """);
    }

    @Test
    void theBaseModelIsValid() {
        SpecFixture.Checked c = model("  conv(dim, kernel = 2, stride = 2) -> tokens");
        assertFalse(c.hasErrors(), c.listing());
        assertEquals(1, c.instances().size());
    }

    @Test
    void syntaxError() {
        specs.check("model M {\n  input image(3, 8, 8)\n  classes 10\n  linear(4 ->\n}\n")
                .error(SYNTAX, 4);
    }

    @Test
    void unknownLayerSuggestsTheClosestName() {
        Diagnostic d = model("  conv(dim, kernel = 2, stride = 2) -> tokens -> lienar(4)")
                .error(UNKNOWN_NAME, 5);
        assertTrue(d.message().contains("did you mean 'linear'"), d.message());
    }

    @Test
    void unknownNameInAnExpression() {
        model("  conv(dimm, kernel = 2, stride = 2) -> tokens").error(UNKNOWN_NAME, 5);
    }

    @Test
    void duplicateBlock() {
        specs.check("block B { gelu }\nblock B { relu }\n").error(DUPLICATE_NAME, 2);
    }

    @Test
    void duplicateParam() {
        specs.check("model M {\n  param a = 1\n  param a = 2\n  input vector(4)\n  classes a\n  linear(classes)\n}\n")
                .error(DUPLICATE_NAME, 3);
    }

    @Test
    void importNotFound() {
        specs.check("import \"nowhere.vmodel\"\nblock B { gelu }\n").error(IMPORT_NOT_FOUND, 1);
    }

    @Test
    void importCycle() {
        specs.write("b.vmodel", "import \"main.vmodel\"\nblock B { gelu }\n");
        specs.check("\nimport \"b.vmodel\"\nblock A { B }\n").error(IMPORT_CYCLE, 2);
    }

    @Test
    void blockRecursion() {
        specs.check("block A { B }\nblock B {\n  relu -> A\n}\n").error(BLOCK_RECURSION, 1);
    }

    @Test
    void residualThatChangesTheShapeNamesBothShapes() {
        Diagnostic d = model("  conv(dim, kernel = 2, stride = 2) -> tokens\n  residual { linear(16) }")
                .error(SHAPE_MISMATCH, 6);
        assertTrue(d.message().contains("tokens[16,8]") && d.message().contains("tokens[16,16]"), d.message());
    }

    @Test
    void mergeOfDifferentShapes() {
        Diagnostic d = model("""
                  conv(dim, kernel = 2, stride = 2) -> tokens
                  split channels into u(2), v(6)
                  u * v""").error(MERGE_MISMATCH, 7);
        assertTrue(d.message().contains("tokens[16,2]") && d.message().contains("tokens[16,6]"), d.message());
    }

    @Test
    void tokenOperationOnAnImage() {
        model("  attention(heads = 1) -> tokens").error(TOKEN_OP_ON_IMAGE, 5);
    }

    @Test
    void imageOperationOnTokens() {
        model("  tokens -> conv(4, kernel = 1) -> tokens").error(IMAGE_OP_ON_TOKENS, 5);
    }

    @Test
    void mixTokensOnAnImage() {
        model("  mix tokens { linear(4) } -> tokens").error(TOKEN_OP_ON_IMAGE, 5);
    }

    @Test
    void tokenCountOfAnImage() {
        model("  conv(tokens, kernel = 1) -> tokens").error(TOKEN_OP_ON_IMAGE, 5);
    }

    @Test
    void headsNotDividingTheWidth() {
        Diagnostic d = model("  conv(dim, kernel = 2, stride = 2) -> tokens -> attention(heads = 3)")
                .error(HEADS_NOT_DIVIDING, 5);
        assertTrue(d.message().contains("8") && d.message().contains("3 heads"), d.message());
    }

    @Test
    void patchThatDoesNotTileTheImage() {
        model("  conv(dim, kernel = 3, stride = 3) -> tokens").error(DOES_NOT_TILE, 5);
    }

    @Test
    void kernelLargerThanTheImage() {
        model("  conv(dim, kernel = 16, stride = 16) -> tokens").error(DOES_NOT_TILE, 5);
    }

    @Test
    void splitIntoPartsThatDoNotDivide() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens\n  split channels into a, b, c\n  a * b")
                .error(SPLIT_NOT_DIVIDING, 6);
    }

    @Test
    void variantLeavesARequiredParamUnbound() {
        specs.check("model M {\n  param dim\n  input vector(4)\n  classes 2\n  variant a(dim = 4)\n  variant b()\n"
                        + "  linear(dim) -> linear(classes)\n}\n")
                .error(UNBOUND_PARAM, 6);
    }

    @Test
    void requiredParamWithoutAnyVariant() {
        specs.check("model M {\n  input vector(4)\n  param dim\n  classes 2\n  linear(dim) -> linear(classes)\n}\n")
                .error(UNBOUND_PARAM, 3);
    }

    @Test
    void variantBindsAnUnknownParam() {
        Diagnostic d = specs.check(
                        "model M {\n  param dim = 4\n  input vector(4)\n  classes 2\n  variant a(dim = 4,\n    dimm = 3)\n"
                                + "  linear(dim) -> linear(classes)\n}\n")
                .error(UNKNOWN_PARAM, 6);
        assertTrue(d.message().contains("did you mean 'dim'"), d.message());
    }

    @Test
    void nonPositiveSize() {
        model("  conv(dim - 8, kernel = 2, stride = 2) -> tokens").error(NON_POSITIVE_SIZE, 5);
    }

    @Test
    void probabilityOutsideZeroToOne() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens -> dropout(1.5)").error(PROBABILITY_RANGE, 5);
    }

    @Test
    void integerOverflow() {
        specs.check("model M {\n  input vector(4)\n  classes 2\n  param big = 4611686018427387904 * 4\n"
                        + "  linear(big) -> linear(classes)\n}\n")
                .error(INTEGER_OVERFLOW, 4);
    }

    /** Each layer's MACs fit a long, their sum does not (fuzz: summary failed on a spec that validated). */
    @Test
    void modelTotalsOverflow() {
        specs.check("""
                        model TinyMixer {
                          param dim = 32
                          param depth = 2
                          input image(3, 32, 2147483648)
                          classes 10
                          variant small(dim = depth)
                          conv(dim, kernel = 8, stride = 8) -> tokens
                          repeat depth {
                            residual { layerNorm -> mix tokens { linear(tokens * 2) -> gelu -> linear(tokens) } }
                            residual { layerNorm -> linear(4 * dim) -> gelu -> linear(dim) }
                          }
                          layerNorm -> pool(mean) -> linear(classes)
                        }
                        """).error(INTEGER_OVERFLOW, 1);
    }

    @Test
    void numberTooLargeForALong() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens -> dropout(0 * 123456789012345678901234567890)")
                .error(NUMBER_TOO_LARGE, 5);
    }

    @Test
    void divisionByZero() {
        model("  conv(dim / (dim - 8), kernel = 2, stride = 2) -> tokens").error(DIVISION_BY_ZERO, 5);
    }

    @Test
    void unknownArgument() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens -> linear(4, biass = false)")
                .error(UNKNOWN_ARGUMENT, 5);
    }

    @Test
    void missingArgument() {
        model("  conv(dim) -> tokens").error(MISSING_ARGUMENT, 5);
    }

    @Test
    void tooManyArguments() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens -> gelu(1)").error(TOO_MANY_ARGUMENTS, 5);
    }

    @Test
    void wrongArgumentType() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens -> layerNorm(eps = true)")
                .error(TYPE_MISMATCH, 5);
    }

    @Test
    void unknownInitialiser() {
        model("  conv(dim, kernel = 2, stride = 2, init = gaussian(1)) -> tokens")
                .error(UNKNOWN_NAME, 5);
    }

    @Test
    void builtInSizeAsParamName() {
        specs.check("model M {\n  input vector(4)\n  classes 2\n  param tokens = 3\n  linear(classes)\n}\n")
                .error(RESERVED_NAME, 4);
    }

    @Test
    void missingInputAndClasses() {
        SpecFixture.Checked c = specs.check("model M {\n  linear(4)\n}\n");
        c.error(MISSING_INPUT, 1);
        c.error(MISSING_CLASSES, 1);
    }

    @Test
    void classifierMustEndInAVectorOfClasses() {
        specs.check("model M {\n  input image(3, 8, 8)\n  classes 10\n  conv(4, kernel = 2, stride = 2) -> tokens\n}\n")
                .error(SHAPE_MISMATCH, 4);
    }

    @Test
    void unknownTrainSetting() {
        specs.check(
                        "model M {\n  input vector(4)\n  classes 2\n  linear(classes)\n  train {\n    lr = 0.1\n    wightDecay = 0.1\n  }\n}\n")
                .error(UNKNOWN_TRAIN_SETTING, 7);
    }

    @Test
    void chainWithoutACurrentValueAfterASplit() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens\n  split channels into u, v\n  gelu\n  u * v")
                .error(UNDEFINED_VALUE, 7);
    }

    @Test
    void paramDefinedThroughItself() {
        specs.check(
                        "model M {\n  input vector(4)\n  classes 2\n  param a = b + 1\n  param b = 2 * a\n  linear(a) -> linear(classes)\n}\n")
                .error(BAD_VALUE, 4);
    }

    @Test
    void duplicateVariant() {
        specs.check("model M {\n  param d = 1\n  input vector(4)\n  classes 2\n  variant a(d = 2)\n  variant a(d = 3)\n"
                        + "  linear(d) -> linear(classes)\n}\n")
                .error(DUPLICATE_NAME, 6);
    }

    @Test
    void errorThatOnlySomeVariantsHaveNamesThem() {
        Diagnostic d = specs.check("model M {\n  param heads = 2\n  input tokens(4, 8)\n  classes 2\n  variant ok()\n"
                        + "  variant bad(heads = 3)\n  attention(heads) -> pool(mean) -> linear(classes)\n}\n")
                .error(HEADS_NOT_DIVIDING, 7);
        assertTrue(d.message().endsWith("(in variant bad)"), d.message());
    }

    @Test
    void errorInsideAnImportedBlockIsShownAtTheCallSite() {
        specs.write("lib/blocks.vmodel", "block Wide {\n  linear(channels * 2)\n  -> attention(heads = 3)\n}\n");
        Diagnostic d = specs.check("import \"lib/blocks.vmodel\"\nmodel M {\n  input tokens(4, 8)\n  classes 2\n"
                        + "  Wide -> pool(mean) -> linear(classes)\n}\n")
                .error(HEADS_NOT_DIVIDING, 5);
        assertTrue(d.message().contains("blocks.vmodel:3"), d.message());
    }

    @Test
    void unusedParamAndBlockAreWarnings() {
        SpecFixture.Checked c =
                specs.check("model M {\n  input vector(4)\n  classes 2\n  param unused = 3\n  linear(classes)\n}\n"
                        + "block Lonely { gelu }\n");
        c.warning(UNUSED_PARAM, 4);
        c.warning(UNUSED_BLOCK, 7);
        assertFalse(c.hasErrors(), c.listing());
    }

    @Test
    void unusedSplitPartIsAWarning() {
        model("  conv(dim, kernel = 2, stride = 2) -> tokens\n  split channels into u, v\n  u")
                .warning(UNUSED_VALUE, 6);
    }

    @Test
    void blocksOfALibraryFileAreNotUnused() {
        SpecFixture.Checked c = specs.check("block Helper(size) { linear(size) }\n");
        assertTrue(c.diagnostics().isEmpty(), c.listing());
    }
}
