package dev.vmodel.dsl.validation;

import static dev.vmodel.semantic.IssueCodes.FILE_NOT_FOUND;
import static dev.vmodel.semantic.IssueCodes.HEADS_NOT_DIVIDING;
import static dev.vmodel.semantic.IssueCodes.IMPORT_NOT_FOUND;
import static dev.vmodel.semantic.IssueCodes.MODEL_TOO_LARGE;
import static dev.vmodel.semantic.IssueCodes.NAME_TOO_LONG;
import static dev.vmodel.semantic.IssueCodes.NESTING_TOO_DEEP;
import static dev.vmodel.semantic.IssueCodes.NUMBER_TOO_LARGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vmodel.semantic.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz reproducers that hung, ran out of memory or printed unsafe text: each answers quickly
 * with a located error, and every message is one printable line.
 */
class RobustnessTest {
    @TempDir
    Path dir;

    SpecFixture specs;

    @BeforeEach
    void setUp() {
        specs = new SpecFixture(dir);
        specs.check("model W { input vector(4) classes 2 linear(classes) }"); // warm the parser up
    }

    /** Checks within a time a quick answer never needs (the machine may be busy); failing ones took 13 s to minutes. */
    private SpecFixture.Checked quickly(String text) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> specs.check(text));
    }

    @Test
    void nestedRepeatsBeyondTheLayerLimitAreRefusedAtOnce() {
        // b01-nested-repeat-oom: 10^8 layers took 30 s and ended in OutOfMemoryError
        long start = System.nanoTime();
        SpecFixture.Checked c = quickly("model M {\n  input vector(4)\n  classes 2\n"
                + "  repeat 10000 { repeat 10000 { relu } }\n  linear(classes)\n}\n");
        long millis = (System.nanoTime() - start) / 1_000_000;
        Diagnostic d = c.error(MODEL_TOO_LARGE, 4);
        assertEquals(3, d.location().column(), d.format());
        assertTrue(d.message().contains("100,000 layers and bodies"), d.message());
        assertTrue(millis < 2_000, millis + " ms");
    }

    @Test
    void aLargeModelWithinTheLimitIsElaborated() {
        SpecFixture.Checked c = quickly("model M {\n  input vector(4)\n  classes 2\n"
                + "  repeat 100 { repeat 400 { relu } }\n  linear(classes)\n}\n");
        assertFalse(c.hasErrors(), c.listing());
        assertEquals(100 * 400 + 1, countLayers(c.instances().get(0).body()));
    }

    private static long countLayers(dev.vmodel.semantic.model.Body body) {
        long n = 0;
        for (dev.vmodel.semantic.model.Step s : body.steps()) {
            if (s.node() instanceof dev.vmodel.semantic.model.Node.Repeat r) {
                for (dev.vmodel.semantic.model.Body b : r.iterations()) n += countLayers(b);
            } else {
                n++;
            }
        }
        return n;
    }

    @Test
    void aRepeatWhoseIterationsGrowIsStillBounded() {
        SpecFixture.Checked c = quickly("model M {\n  input vector(4)\n  classes 2\n"
                + "  repeat 3 as i { repeat 5000 * i { repeat 200 { relu } } }\n  linear(classes)\n}\n");
        c.error(MODEL_TOO_LARGE, 4);
    }

    @Test
    void aHugeHeadCountAnswersWithADivisor() {
        // attention(heads = 1000000000000) never returned; b12-heads-divisor-hang
        SpecFixture.Checked c = quickly("model M {\n  input tokens(4, 8)\n  classes 2\n"
                + "  attention(heads = 1000000000000) -> pool(mean) -> linear(classes)\n}\n");
        assertTrue(c.error(HEADS_NOT_DIVIDING, 4).message().contains("e.g. 8"), c.listing());
    }

    @Test
    void aHugeWidthAnswersWithADivisor() {
        SpecFixture.Checked c = quickly("model M {\n  input tokens(1, 999999999999999989)\n  classes 2\n"
                + "  attention(heads = 7) -> pool(mean) -> linear(classes)\n}\n");
        assertTrue(c.error(HEADS_NOT_DIVIDING, 4).message().contains("e.g. 1"), c.listing());
    }

    @Test
    void manyUnclosedParenthesesAnswerQuickly() {
        // b11-slow-unbalanced-nesting: 13 s (minutes on a busy machine)
        SpecFixture.Checked c = quickly("model M { input vector(" + "(".repeat(150_000));
        Diagnostic d = c.error(NESTING_TOO_DEEP, 1);
        // the model's brace is level 1 and vector's parenthesis (column 23) level 2, so the 199th
        // parenthesis after it is the first past the limit
        assertEquals(23 + 199, d.location().column(), d.format());
    }

    @Test
    void floatsOutsideTheRangeLayersComputeIn() {
        // b08-float-range: validated, then the generated 1e39f and 1e-50f did not compile
        String model = "model M {\n  input tokens(4, 8)\n  classes 2\n  %s\n  pool(mean) -> linear(classes)\n}\n";
        SpecFixture.Checked c = specs.check(model.formatted("scale(init = constant(1e39))"));
        assertTrue(c.error(NUMBER_TOO_LARGE, 4).message().contains("32-bit float"), c.listing());
        specs.check(model.formatted("layerNorm(eps = 1e-50)")).error(NUMBER_TOO_LARGE, 4);
        assertFalse(specs.check(model.formatted("layerNorm(eps = 1e-30)")).hasErrors());
    }

    @Test
    void aLiteralThatRoundsToZeroIsAnError() {
        SpecFixture.Checked c = specs.check(
                "model M {\n  param tiny = 1e-400\n  input vector(4)\n  classes 2\n" + "  linear(classes)\n}\n");
        assertTrue(c.error(NUMBER_TOO_LARGE, 2).message().contains("rounds to 0"), c.listing());
    }

    @Test
    void namesThatBecomeClassesOrFilesHaveABoundedLength() {
        // b15-class-name-too-long
        String name = "M" + "x".repeat(64);
        SpecFixture.Checked c = specs.check("model " + name + " {\n  input vector(4)\n  classes 2\n" + "  variant v"
                + "y".repeat(64) + "()\n  linear(classes)\n}\n");
        c.error(NAME_TOO_LONG, 1);
        c.error(NAME_TOO_LONG, 4);
        assertFalse(
                specs.check("model M" + "x".repeat(63) + " {\n  input vector(4)\n  classes 2\n  linear(classes)\n}\n")
                        .hasErrors());
    }

    // ------------------------------------------------------------------------------------------
    // Messages are single printable lines

    private static void assertPrintable(SpecFixture.Checked c) {
        assertFalse(c.diagnostics().isEmpty());
        for (Diagnostic d : c.diagnostics()) {
            String line = d.format();
            for (int i = 0; i < line.length(); i++) {
                int type = Character.getType(line.charAt(i));
                assertTrue(
                        type != Character.CONTROL
                                && type != Character.FORMAT
                                && type != Character.LINE_SEPARATOR
                                && type != Character.PARAGRAPH_SEPARATOR,
                        "unprintable U+" + Integer.toHexString(line.charAt(i)) + " in " + line);
            }
            assertTrue(line.length() < 1_000, line);
        }
    }

    @Test
    void aNewlineInAnImportPathIsEscaped() {
        // b02-newline-in-import
        SpecFixture.Checked c = specs.check("import \"a\nb\"\nmodel M { input vector(4) classes 2 linear(classes) }\n");
        assertTrue(c.error(IMPORT_NOT_FOUND, 1).message().contains("a\\u000Ab"), c.listing());
        assertPrintable(c);
    }

    @Test
    void aNewlineInAStringIsEscaped() {
        // b02-newline-in-string
        SpecFixture.Checked c =
                specs.check("model M {\n  input vector(4)\n  classes 2\n  linear(\"a\nb\") -> linear(classes)\n}\n");
        assertTrue(c.hasErrors(), c.listing());
        assertPrintable(c);
    }

    @Test
    void aLineSeparatorAndABidiOverrideAreEscaped() {
        // b03-line-separator-in-message
        SpecFixture.Checked c = specs.check("model M {\u2028  input vector(4) classes 2 linear(classes) \u202E }\n");
        assertPrintable(c);
        assertTrue(c.listing().contains("\\u2028") || c.listing().contains("\\u202E"), c.listing());
    }

    @Test
    void aLongNameIsCutInMessages() {
        String name = "n".repeat(200);
        SpecFixture.Checked c =
                specs.check("model M {\n  input vector(4)\n  classes 2\n  " + name + "(4) -> linear(classes)\n}\n");
        Diagnostic d = c.error(dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME, 4);
        assertTrue(d.message().contains("n".repeat(40) + "…") && !d.message().contains("n".repeat(41)), d.message());
    }

    // ------------------------------------------------------------------------------------------
    // Files that are not regular files

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no mkfifo here");
            return null;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0 && Files.exists(p), "mkfifo failed");
        return p;
    }

    @Test
    void importingANamedPipeIsAnErrorNotAHang() throws Exception {
        fifo("pipe.vmodel");
        SpecFixture.Checked c =
                quickly("import \"pipe.vmodel\"\nmodel M { input vector(4) classes 2 linear(classes) }\n");
        assertTrue(c.error(IMPORT_NOT_FOUND, 1).message().contains("not a regular file"), c.listing());
    }

    @Test
    void checkingANamedPipeIsAnErrorNotAHang() throws Exception {
        Path p = fifo("root.vmodel");
        SpecFixture.Checked c = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> specs.check(p));
        c.error(FILE_NOT_FOUND, 1);
    }
}
