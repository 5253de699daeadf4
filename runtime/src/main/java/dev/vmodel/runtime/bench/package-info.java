/**
 * {@code vmodel benchmark}: the generated DJL models against their PyTorch twins, side by side.
 * {@link dev.vmodel.runtime.bench.BenchmarkCli} plans the cases and alternates the two stacks'
 * runners, each in a process of its own ({@link dev.vmodel.runtime.bench.Runners}): {@link
 * dev.vmodel.runtime.bench.DjlRunner} for the DJL model, the twin library's {@code vmodel_bench} for
 * PyTorch. Both print the line {@link dev.vmodel.runtime.bench.MeasurementJson} reads into a {@link
 * dev.vmodel.runtime.bench.Measurement}; the results of a run ({@link
 * dev.vmodel.runtime.bench.BenchmarkRun}) go to the report ({@code report}). {@link
 * dev.vmodel.runtime.bench.ProductsCeiling} says what share of the peak a model's step could reach
 * if it ran only its matrix products ({@code runtime/bench/products-ceiling.sh}).
 */
package dev.vmodel.runtime.bench;
