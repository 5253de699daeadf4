package dev.vmodel.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DjlRunnerTest {

    @Test
    void theMatmulPeakKeepsMultiplyingForItsSecondsEvenWhenEachProductIsQuick() {
        long start = System.nanoTime();
        double gflops = DjlRunner.matmulPeak(64);
        double seconds = (System.nanoTime() - start) / 1e9;

        // a 64^3 product takes microseconds: five of them alone would end at once
        assertTrue(
                seconds >= DjlRunner.PEAK_SECONDS,
                "timed for " + seconds + " s, not the " + DjlRunner.PEAK_SECONDS + " s that outlast a slow spell");
        assertTrue(gflops > 0 && Double.isFinite(gflops), "a peak of " + gflops + " GFLOP/s");
    }
}
