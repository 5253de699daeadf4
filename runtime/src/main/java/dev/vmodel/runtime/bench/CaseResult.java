package dev.vmodel.runtime.bench;

import java.util.List;

/**
 * Everything measured for one case: every run of each stack (alternated in one invocation) and the
 * static cost of the model that turns images per second into GFLOP/s.
 *
 * @param benchCase the case
 * @param fwdGflopPerImage forward GFLOP per image, 2 x the spec's static MACs (NaN when unknown);
 *     training counts 3 x forward
 * @param vmodel the runs of the generated DJL model, in order
 * @param pytorch the runs of the PyTorch twin, in order (empty when the twin was not run)
 * @param note why a figure is missing or not trusted (empty when none)
 */
public record CaseResult(
        BenchCase benchCase,
        double fwdGflopPerImage,
        List<Measurement> vmodel,
        List<Measurement> pytorch,
        String note) {

    /**
     * Returns the reported throughput of a stack: the median over its clean runs (over all runs
     * when none is clean), NaN when it has none.
     *
     * @param runs one stack's runs
     * @return images per second
     */
    public static double imgPerS(List<Measurement> runs) {
        List<Measurement> pick = runs.stream().filter(Measurement::clean).toList();
        if (pick.isEmpty()) {
            pick = runs;
        }
        double[] v = pick.stream().mapToDouble(Measurement::imgPerS).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Returns our throughput over the twin's: above 1 means the generated DJL model is faster.
     *
     * @return the ratio, NaN when either is missing
     */
    public double ratio() {
        return imgPerS(vmodel) / imgPerS(pytorch);
    }

    /**
     * Whether a stack's figure is flagged: no clean run among its runs.
     *
     * @param runs one stack's runs
     * @return true when every run was noisy
     */
    public static boolean noisy(List<Measurement> runs) {
        return !runs.isEmpty() && runs.stream().noneMatch(Measurement::clean);
    }

    /**
     * Achieved GFLOP/s of a throughput for this case (training counts 3 x the forward FLOPs).
     *
     * @param imgPerS images per second
     * @return GFLOP/s, NaN when the cost is unknown
     */
    public double gflops(double imgPerS) {
        return imgPerS * fwdGflopPerImage * (benchCase.mode().equals("train") ? 3 : 1);
    }
}
