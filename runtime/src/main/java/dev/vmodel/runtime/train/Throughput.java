package dev.vmodel.runtime.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The timing protocol of the shared DJL baseline ({@code shared/bench/djl}, {@code Bench.java}),
 * reproduced step for step so that figures are directly comparable.
 *
 * <p>Warm-up: at least {@code warmup} steps and {@code warmupS} seconds; the last warm-up step's
 * time fixes the steps per window (about {@code windowS} seconds) unless {@code steps} is given.
 * Then it waits up to {@code quietS} seconds for a 2 s spell in which other processes use under 10%
 * of the CPUs, and times {@code windows} windows. Each window also records {@code foreign}, the
 * share of all CPUs other processes used ({@code /proc/stat} minus {@code /proc/self/stat}); a
 * window is clean if foreign &lt; 0.10, and the result is the median of the clean windows (of all
 * windows when none is clean).
 *
 * @param warmup minimum warm-up steps
 * @param warmupS minimum warm-up seconds
 * @param windows number of timed windows
 * @param steps steps per window, or 0 for as many as fill about {@code windowS} seconds
 * @param windowS target seconds per window
 * @param quietS longest wait for a quiet machine before the windows
 */
public record Throughput(int warmup, double warmupS, int windows, int steps, double windowS, double quietS) {

    /** Bench.java's defaults: 3 steps and 5 s of warm-up, 5 windows of about 2 s, 60 s quiet wait. */
    public static final Throughput DEFAULT = new Throughput(3, 5, 5, 0, 2, 60);

    /** A window whose foreign CPU share is below this is clean. */
    public static final double CLEAN = 0.10;

    private static final int NCPU = Runtime.getRuntime().availableProcessors();
    private static final double HZ = 100; // USER_HZ

    /**
     * The measured windows.
     *
     * @param rates items per second of each window
     * @param foreign the foreign CPU share of each window
     * @param steps steps per window
     * @param rssMb resident memory after the windows, MiB (-1 if unknown)
     * @param rssStartMb resident memory before the first window, MiB (-1 if unknown)
     * @param stepMs the latency of every timed step, in order, ms
     */
    public record Windows(double[] rates, double[] foreign, int steps, long rssMb, long rssStartMb, double[] stepMs) {

        /**
         * Returns a percentile of the step latencies: the nearest-rank value (the smallest latency
         * at or above which lie {@code 100 - p}% of the steps).
         *
         * @param p the percentile, in (0, 100]
         * @return the latency, ms; NaN when no step was timed
         */
        public double stepPercentile(double p) {
            if (stepMs.length == 0) {
                return Double.NaN;
            }
            double[] s = stepMs.clone();
            Arrays.sort(s);
            int rank = (int) Math.ceil(p / 100 * s.length);
            return s[Math.max(0, Math.min(s.length, rank) - 1)];
        }

        /**
         * Returns the median of the clean windows, or of all windows when none is clean.
         *
         * @return the reported rate
         */
        public double median() {
            List<Double> clean = new ArrayList<>();
            for (int i = 0; i < rates.length; i++) {
                if (foreign[i] < CLEAN) {
                    clean.add(rates[i]);
                }
            }
            double[] pick = clean.isEmpty()
                    ? rates.clone()
                    : clean.stream().mapToDouble(Double::doubleValue).toArray();
            return Throughput.median(pick);
        }

        /**
         * Returns the number of clean windows.
         *
         * @return windows with foreign &lt; 0.10
         */
        public int clean() {
            return (int) Arrays.stream(foreign).filter(f -> f < CLEAN).count();
        }

        /**
         * Returns the fastest window.
         *
         * @return the highest rate
         */
        public double max() {
            return Arrays.stream(rates).max().orElse(Double.NaN);
        }

        /**
         * Returns the mean foreign CPU share.
         *
         * @return the mean over windows
         */
        public double meanForeign() {
            return Arrays.stream(foreign).average().orElse(Double.NaN);
        }

        /**
         * The per-window line Bench.java prints.
         *
         * @return {@code windows (K steps) img/s: r(fF) ... rss_mb=M}
         */
        public String windowsLine() {
            StringBuilder sb = new StringBuilder("windows (" + steps + " steps) img/s:");
            for (int w = 0; w < rates.length; w++) {
                sb.append(String.format(" %.2f(f%.2f)", rates[w], foreign[w]));
            }
            return sb.append(" rss_mb=").append(rssMb).toString();
        }

        /**
         * The summary fields of Bench.java's RESULT line.
         *
         * @return {@code img_s=... clean=c/n max=... foreign=...}
         */
        public String summary() {
            return String.format(
                    "img_s=%.2f clean=%d/%d max=%.2f foreign=%.2f",
                    median(), clean(), rates.length, max(), meanForeign());
        }
    }

    /**
     * Warms up, waits for a quiet machine, times the windows and prints the windows line.
     *
     * @param step one step
     * @param itemsPerStep images per step (the batch)
     * @param out where to print the windows line and a warning if the machine never got quiet
     * @return the windows
     * @throws InterruptedException if interrupted while waiting for a quiet machine
     */
    public Windows measure(Runnable step, long itemsPerStep, PrintStream out) throws InterruptedException {
        long t0 = System.nanoTime();
        long t1 = t0;
        for (int n = 0; n < warmup || (System.nanoTime() - t0) / 1e9 < warmupS; n++) {
            t1 = System.nanoTime();
            step.run();
        }
        int k = steps;
        if (k == 0) {
            k = (int) Math.max(1, Math.round(windowS / ((System.nanoTime() - t1) / 1e9)));
        }
        if (!waitQuiet(quietS)) {
            out.println("WARN machine not quiet");
        }
        long rssStart = rssMb();
        double[] rates = new double[windows];
        double[] loads = new double[windows];
        double[] stepMs = new double[windows * k];
        for (int w = 0; w < windows; w++) {
            double[] s0 = cpuSnapshot();
            for (int i = 0; i < k; i++) {
                long a = System.nanoTime();
                step.run();
                stepMs[w * k + i] = (System.nanoTime() - a) / 1e6;
            }
            double[] s1 = cpuSnapshot();
            rates[w] = k * itemsPerStep / (s1[2] - s0[2]);
            loads[w] = foreignLoad(s0, s1);
        }
        Windows result = new Windows(rates, loads, k, rssMb(), rssStart, stepMs);
        out.println(result.windowsLine());
        return result;
    }

    /**
     * Waits until other processes use under 10% of the CPUs for 2 s, at most {@code maxS} seconds.
     *
     * @param maxS the longest wait
     * @return whether a quiet spell was seen
     * @throws InterruptedException if interrupted
     */
    public static boolean waitQuiet(double maxS) throws InterruptedException {
        long t0 = System.nanoTime();
        while ((System.nanoTime() - t0) / 1e9 < maxS) {
            double[] a = cpuSnapshot();
            Thread.sleep(2000);
            if (foreignLoad(a, cpuSnapshot()) < CLEAN) {
                return true;
            }
        }
        return false;
    }

    /** {busy jiffies of all CPUs, own jiffies, seconds}. */
    static double[] cpuSnapshot() {
        try {
            String[] v =
                    Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
            String st = Files.readString(Paths.get("/proc/self/stat"));
            String[] s = st.substring(st.lastIndexOf(')') + 2).split(" ");
            double busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(v[i]);
            }
            double own = Long.parseLong(s[11]) + Long.parseLong(s[12]);
            return new double[] {busy, own, System.nanoTime() / 1e9};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double foreignLoad(double[] a, double[] b) {
        double busy = b[0] - a[0];
        double own = b[1] - a[1];
        return Math.max(0, (busy - own) / (HZ * NCPU * (b[2] - a[2])));
    }

    static long rssMb() {
        return statusMb("VmRSS");
    }

    /**
     * Returns the peak resident memory of this process so far (VmHWM).
     *
     * @return MiB, -1 if unknown
     */
    public static long peakRssMb() {
        return statusMb("VmHWM");
    }

    /** A memory field of /proc/self/status in MiB, -1 if unknown. */
    private static long statusMb(String field) {
        try {
            return Files.readAllLines(Paths.get("/proc/self/status")).stream()
                            .filter(l -> l.startsWith(field + ":"))
                            .map(l -> l.replaceAll("\\D", ""))
                            .mapToLong(Long::parseLong)
                            .findFirst()
                            .orElse(-1024)
                    / 1024;
        } catch (IOException e) {
            return -1;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
