/**
 * Training on a fixed synthetic batch, apart from the blocks: {@link
 * dev.vmodel.runtime.train.TrainLoop} (the training and inference step, one sub-manager per step),
 * {@link dev.vmodel.runtime.train.QuickTrain} (a few steps of a generated model from the command
 * line, loss per step) and {@link dev.vmodel.runtime.train.TrainBenchmark} (throughput with the
 * protocol of the shared hand-written DJL baseline, {@link dev.vmodel.runtime.train.Throughput}).
 * Both commands name a model by its spec name ({@code GMlp}) and build it through {@link
 * dev.vmodel.runtime.model.ModelFamily}, with no reflection.
 */
package dev.vmodel.runtime.train;
