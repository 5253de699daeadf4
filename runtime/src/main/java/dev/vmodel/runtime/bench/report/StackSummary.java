package dev.vmodel.runtime.bench.report;

import dev.vmodel.runtime.bench.CaseResult;
import dev.vmodel.runtime.bench.Measurement;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures a report shows for one stack in one case, summarised from that stack's runs.
 *
 * <p>A case alternates the stacks over several runs. Throughput is {@link CaseResult#imgPerS}: the
 * median over the clean runs, over all runs when none is clean. Step latencies are the medians of
 * the same runs' p50 and p95, so that a noisy run left out of the throughput does not skew them
 * either. Peak resident memory is the highest of all runs: memory is not disturbed by other
 * processes, and the worst case is what a user must provision.
 *
 * @param runs how many runs the stack has (0: it was not run)
 * @param imgPerS images per second, NaN when not run
 * @param noisy whether no run of the stack was clean ({@link CaseResult#noisy})
 * @param stepMsP50 median step latency, ms, NaN when not run
 * @param stepMsP95 95th percentile step latency, ms, NaN when not run
 * @param rssPeakMb peak resident memory, MiB, NaN when not run
 * @param params trainable parameters (of the first run), 0 when not run
 * @param gflops achieved GFLOP/s ({@link CaseResult#gflops}), NaN when the cost is unknown
 * @param peakShare {@code gflops} over the stack's fp32 matmul peak, NaN when either is unknown
 */
public record StackSummary(
        int runs,
        double imgPerS,
        boolean noisy,
        double stepMsP50,
        double stepMsP95,
        double rssPeakMb,
        long params,
        double gflops,
        double peakShare) {

    /**
     * Summarises one stack's runs of a case.
     *
     * @param result the case
     * @param runs the runs of one stack ({@code result.vmodel()} or {@code result.pytorch()})
     * @param peakGflops that stack's fp32 matmul peak, GFLOP/s (NaN when unknown)
     * @return the summary
     */
    public static StackSummary of(CaseResult result, List<Measurement> runs, double peakGflops) {
        double imgPerS = CaseResult.imgPerS(runs);
        // The runs behind the throughput, picked as CaseResult.imgPerS picks them.
        List<Measurement> reported = runs.stream().filter(Measurement::clean).toList();
        if (reported.isEmpty()) {
            reported = runs;
        }
        double gflops = result.gflops(imgPerS);
        return new StackSummary(
                runs.size(),
                imgPerS,
                CaseResult.noisy(runs),
                median(reported, Measurement::stepMsP50),
                median(reported, Measurement::stepMsP95),
                runs.stream().mapToDouble(Measurement::rssPeakMb).max().orElse(Double.NaN),
                runs.isEmpty() ? 0 : runs.get(0).params(),
                gflops,
                gflops / peakGflops);
    }

    /**
     * Summarises the generated DJL model's runs of a case.
     *
     * @param result the case
     * @param vmodelPeakGflops the DJL engine's matmul peak, GFLOP/s
     * @return the summary
     */
    public static StackSummary vmodel(CaseResult result, double vmodelPeakGflops) {
        return of(result, result.vmodel(), vmodelPeakGflops);
    }

    /**
     * Summarises the PyTorch twin's runs of a case.
     *
     * @param result the case
     * @param pytorchPeakGflops the twin's matmul peak, GFLOP/s
     * @return the summary
     */
    public static StackSummary pytorch(CaseResult result, double pytorchPeakGflops) {
        return of(result, result.pytorch(), pytorchPeakGflops);
    }

    /**
     * Whether the stack was run at all in this case.
     *
     * @return true when it has a run
     */
    public boolean present() {
        return runs > 0;
    }

    private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> figure) {
        double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
