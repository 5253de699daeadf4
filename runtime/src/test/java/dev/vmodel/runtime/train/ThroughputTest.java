package dev.vmodel.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    private static Throughput.Windows windows(double... stepMs) {
        return new Throughput.Windows(new double[] {1}, new double[] {0}, stepMs.length, 1, 1, stepMs);
    }

    @Test
    void percentilesAreNearestRank() {
        // 20 steps of 1..20 ms: the median is the 10th, p95 the 19th
        double[] ms = new double[20];
        for (int i = 0; i < 20; i++) {
            ms[i] = 20 - i;
        }
        Throughput.Windows w = windows(ms);
        assertEquals(10, w.stepPercentile(50));
        assertEquals(19, w.stepPercentile(95));
        assertEquals(20, w.stepPercentile(100));
        assertEquals(7, windows(7).stepPercentile(95), "one step is every percentile");
        assertTrue(Double.isNaN(windows().stepPercentile(50)));
    }

    @Test
    void measuresEveryTimedStep() throws InterruptedException {
        int[] calls = {0};
        Runnable step = () -> {
            calls[0]++;
            long until = System.nanoTime() + 2_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Throughput.Windows w =
                new Throughput(2, 0, 3, 4, 1, 0).measure(step, 8, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(2 + 3 * 4, calls[0], "2 warm-up steps, then 3 windows of 4");
        assertEquals(12, w.stepMs().length);
        for (double ms : w.stepMs()) {
            assertTrue(ms >= 2, "each step spins 2 ms: " + ms);
        }
        // 8 images per step of at least 2 ms: at most 4000 img/s in any window
        for (double r : w.rates()) {
            assertTrue(r > 0 && r <= 4000, "rate " + r);
        }
        assertTrue(w.rssStartMb() > 0 && w.rssMb() > 0);
        assertTrue(Throughput.peakRssMb() >= w.rssMb());
    }
}
