package dev.vmodel.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.CommandRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command lines of QuickTrain and TrainBenchmark: errors are one line and exit 2. */
class QuickTrainTest {

    private static final String TINY = "TinyModel";

    private static CommandRun quick(String... args) {
        return CommandRun.of(QuickTrain::run, args);
    }

    private static void assertUsageError(CommandRun r, String expected) {
        String err = r.err();
        assertEquals(2, r.status(), err);
        assertTrue(err.contains(expected), "message '" + expected + "' in: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.lines().count() <= 2, "at most the error and the usage line: " + err);
    }

    @Test
    void badUsageExitsTwo() {
        assertUsageError(quick(), "need a model and a variant");
        assertUsageError(quick(TINY), "need a model and a variant");
        assertUsageError(
                quick("NoSuchModel", "small"),
                "no generated model 'NoSuchModel' on the class path; there are: TinyModel");
        assertUsageError(
                quick("dev.vmodel.runtime.train.TinyModel", "small"),
                "no generated model 'dev.vmodel.runtime.train.TinyModel'");
        assertUsageError(quick(TINY, "huge"), "unknown variant 'huge' of TinyModel; known: small, wide");
        assertUsageError(
                quick(TINY, "small", "2", "2", "width=4"),
                "unknown param 'width' of TinyModel; known: hidden, inputSize, numClasses, scale");
        assertUsageError(
                quick(TINY, "small", "2", "2", "hidden=abc"),
                "bad number 'abc' for param 'hidden' (expects an integer)");
        assertUsageError(quick(TINY, "small", "2", "2", "hidden=1.5"), "bad number '1.5' for param 'hidden'");
        assertUsageError(
                quick(TINY, "small", "2", "2", "scale=x"), "bad number 'x' for param 'scale' (expects a number)");
        assertUsageError(quick(TINY, "small", "many"), "bad number 'many' for steps");
        assertUsageError(quick(TINY, "small", "3", "0"), "batch must be a positive integer");
        assertUsageError(quick(TINY, "small", "3", "2", "7"), "unexpected argument '7'");
    }

    @Test
    void overridesTheSpecRefusesGetTheValidatorsMessage() {
        assertUsageError(
                quick(TINY, "small", "hidden=0"),
                "cannot build TinyModel/small hidden=0: "
                        + "tiny.vmodel:9:5: error: linear out must be a positive size, got 0 [vmodel.non-positive-size]");
    }

    @Test
    void trainsAndPrintsTheLossOfEachStep() {
        CommandRun r = quick(TINY, "small", "3", "2", "hidden=4", "scale=0.5", "numClasses=5");
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        // 6*4 + 4 (hidden) + 2*4 (BatchNorm weight and bias; its running statistics are buffers) + 4*5 + 5 (head)
        assertTrue(
                out.contains(
                        "model TinyModel/small hidden=4 scale=0.5 numClasses=5 input=(2, 6) classes=5 params=61 buffers=8 steps=3"),
                out);
        assertTrue(out.contains("step 1 loss="), out);
        assertTrue(out.contains("step 3 loss="), out);
        assertFalse(out.contains("step 4 loss="), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("LOSS first=\\d+\\.\\d{4} last=\\d+\\.\\d{4}")), out);
    }

    @Test
    void benchmarkUsesTheSameArgumentsAndPrintsBenchLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, TrainBenchmark.run(new String[] {TINY, "small", "--mode", "fast"}, o, e));
        assertEquals(2, TrainBenchmark.run(new String[] {TINY, "small", "--batch", "x"}, o, e));
        assertEquals(2, TrainBenchmark.run(new String[] {TINY, "small", "width=3"}, o, e));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("\tat "));
        out.reset();
        int rc = TrainBenchmark.run(
                new String[] {
                    TINY,
                    "small",
                    "--batch",
                    "4",
                    "--warmup",
                    "1",
                    "--warmup-s",
                    "0",
                    "--windows",
                    "2",
                    "--steps",
                    "2",
                    "--quiet",
                    "0",
                    "--breakdown",
                    "2",
                    "--fwd-gflop",
                    "0.001",
                    "hidden=4"
                },
                o,
                e);
        String s = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertTrue(s.contains("windows (2 steps) img/s:"), s);
        assertTrue(
                s.contains("RESULT stack=vmodel mode=train model=TinyModel variant=small hidden=4 "
                        + "input=(4,6) batch=4 classes=3 params=51 "),
                s); // 28 + 8 + 4*3 + 3
        assertTrue(s.contains("RESULT stack=vmodel mode=infer"), s);
        assertTrue(s.contains(" clean="), s);
        assertTrue(s.contains(" gflops="), s);
        assertTrue(s.contains("LOSS stack=vmodel first="), s);
        assertTrue(s.contains("BREAKDOWN stack=vmodel fwd_ms="), s);
    }
}
