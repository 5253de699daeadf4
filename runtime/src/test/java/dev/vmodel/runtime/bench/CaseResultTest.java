package dev.vmodel.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseResultTest {

    private static Measurement run(String stack, double imgPerS, double foreign) {
        return new Measurement(
                stack,
                "e",
                2,
                10,
                imgPerS,
                List.of(imgPerS, imgPerS, imgPerS),
                List.of(foreign, foreign, foreign),
                1,
                1,
                3,
                1,
                1,
                1,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    @Test
    void ratioAndGflopsFromCleanRuns() {
        BenchCase c = new BenchCase("GMlp", "ti16", Map.of(), 16, "train");
        // the noisy first run of ours is ignored once a clean one exists
        CaseResult r = new CaseResult(
                c, 2.68, List.of(run("vmodel", 5, 0.5), run("vmodel", 13, 0.01)), List.of(run("pytorch", 10, 0.0)), "");
        assertEquals(13, CaseResult.imgPerS(r.vmodel()));
        assertEquals(1.3, r.ratio(), 1e-12);
        // training counts three forward passes: 13 img/s * 2.68 GFLOP * 3
        assertEquals(104.52, r.gflops(13), 1e-9);
        assertFalse(CaseResult.noisy(r.vmodel()));
        assertEquals("GMlp ti16 b16 train", c.label());
    }

    @Test
    void allNoisyIsFlaggedAndStillReported() {
        CaseResult r = new CaseResult(
                new BenchCase("Cct", "small", Map.of(), 64, "infer"),
                Double.NaN,
                List.of(run("vmodel", 4, 0.4), run("vmodel", 6, 0.3), run("vmodel", 5, 0.9)),
                List.of(),
                "");
        assertTrue(CaseResult.noisy(r.vmodel()));
        assertEquals(5, CaseResult.imgPerS(r.vmodel()));
        assertTrue(Double.isNaN(r.ratio()), "no twin: no ratio");
        assertTrue(Double.isNaN(r.gflops(5)), "unknown cost: no GFLOP/s");
        assertFalse(CaseResult.noisy(r.pytorch()));
    }
}
