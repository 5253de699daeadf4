/**
 * What a benchmark run leaves behind, written by {@link
 * dev.vmodel.runtime.bench.report.BenchmarkReport}: {@code benchmark.json} ({@link
 * dev.vmodel.runtime.bench.report.BenchmarkJson}, every measurement plus the derived figures, read
 * back as an equal {@link dev.vmodel.runtime.bench.BenchmarkRun}), {@code benchmark.md} and the
 * terminal table ({@link dev.vmodel.runtime.bench.report.BenchmarkTable}), and {@code benchmark.png}
 * ({@link dev.vmodel.runtime.bench.report.ThroughputChart}, images per second of both stacks side
 * by side). The figures of one stack in one case are summarised once, by {@link
 * dev.vmodel.runtime.bench.report.StackSummary}, so that every output shows the same numbers.
 */
package dev.vmodel.runtime.bench.report;
