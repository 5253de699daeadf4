package dev.vmodel.runtime.bench;

import java.util.List;

/**
 * One benchmark invocation: the machine, each stack's fp32 matmul peak measured in the same run,
 * and the results of every case.
 *
 * @param startedAt when it started, ISO-8601
 * @param machine the CPU model and core count, e.g. {@code AMD EPYC 7B13, 2 cores}
 * @param threads intra-op threads both stacks used
 * @param vmodelPeakGflops the DJL engine's matmul peak (the best of 2048^3 and 3072^3 fp32), GFLOP/s
 * @param pytorchPeakGflops the twin's matmul peak, GFLOP/s (NaN when the twin was not run)
 * @param results the cases in the order they were run
 * @param notes run-wide remarks (the twin skipped and why, the machine never quiet), empty when none
 */
public record BenchmarkRun(
        String startedAt,
        String machine,
        int threads,
        double vmodelPeakGflops,
        double pytorchPeakGflops,
        List<CaseResult> results,
        List<String> notes) {}
