/**
 * Training on a fixed synthetic batch: {@link dev.vmodel.runtime.train.TrainLoop} (the training and
 * inference step, one sub-manager per step), {@link dev.vmodel.runtime.train.QuickTrain} (a few
 * steps of a generated model from the command line, loss per step) and {@link
 * dev.vmodel.runtime.train.TrainBenchmark} (throughput with the protocol of the shared hand-written
 * DJL baseline, {@link dev.vmodel.runtime.train.Throughput}).
 */
package dev.vmodel.runtime.train;
