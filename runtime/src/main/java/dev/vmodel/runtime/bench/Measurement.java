package dev.vmodel.runtime.bench;

import java.util.List;

/**
 * One stack's measurement of one benchmark case: what a case runner process (the DJL model in a
 * child JVM, or the PyTorch twin in a Python process) reports as one JSON line.
 *
 * @param stack {@code vmodel} (the generated DJL model) or {@code pytorch} (its twin, eager)
 * @param engine the engine and its version, e.g. {@code PyTorch 2.7.1 (DJL 0.36.0)}, {@code torch 1.13.1}
 * @param threads intra-op threads the run used
 * @param params trainable parameters of the model as built
 * @param imgPerS the reported throughput: median of the clean windows (of all when none is clean)
 * @param windows images per second of each timed window
 * @param foreign other processes' share of all CPUs during each window
 * @param stepMsP50 median step latency over all timed steps, ms
 * @param stepMsP95 95th percentile step latency over all timed steps, ms
 * @param timedSteps steps timed in the windows
 * @param rssPeakMb peak resident memory of the process (VmHWM), MiB
 * @param rssStartMb resident memory before the first timed window, MiB
 * @param rssEndMb resident memory after the last timed window, MiB
 * @param heapMb the JVM heap in use after the windows, MiB (NaN for Python)
 * @param lossFirst training loss of the first step (NaN for inference)
 * @param lossLast training loss after the windows (NaN for inference)
 */
public record Measurement(
        String stack,
        String engine,
        int threads,
        long params,
        double imgPerS,
        List<Double> windows,
        List<Double> foreign,
        double stepMsP50,
        double stepMsP95,
        long timedSteps,
        double rssPeakMb,
        double rssStartMb,
        double rssEndMb,
        double heapMb,
        double lossFirst,
        double lossLast) {

    /** A window whose foreign CPU share is below this is clean. */
    public static final double CLEAN = 0.10;

    /** The stack name of the generated DJL model. */
    public static final String VMODEL = "vmodel";

    /** The stack name of the PyTorch twin. */
    public static final String PYTORCH = "pytorch";

    /**
     * Returns the number of clean windows.
     *
     * @return windows whose foreign share is below {@link #CLEAN}
     */
    public int cleanWindows() {
        return (int) foreign.stream().filter(f -> f < CLEAN).count();
    }

    /**
     * Whether most windows were clean: otherwise the figure is not trusted as it stands.
     *
     * @return true when more than half of the windows are clean
     */
    public boolean clean() {
        return 2 * cleanWindows() > windows.size();
    }

    /**
     * Native memory outside the JVM heap at the end, MiB: resident memory less the heap in use (all
     * of it for Python).
     *
     * @return the estimate
     */
    public double nativeEndMb() {
        return Double.isNaN(heapMb) ? rssEndMb : rssEndMb - heapMb;
    }
}
