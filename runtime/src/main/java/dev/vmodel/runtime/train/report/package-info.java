/**
 * What a training run shows while it runs and leaves behind: {@link
 * dev.vmodel.runtime.train.report.StepProgress} (a progress bar, or plain lines when the output is
 * not a terminal), {@link dev.vmodel.runtime.train.report.MetricsLog} ({@code metrics.jsonl} and
 * {@code metrics.csv}, one {@link dev.vmodel.runtime.train.report.EpochMetrics} row per epoch, kept
 * equal to an uninterrupted run's when a run resumes) and {@link
 * dev.vmodel.runtime.train.report.CurvesChart} ({@code curves.png}).
 */
package dev.vmodel.runtime.train.report;
