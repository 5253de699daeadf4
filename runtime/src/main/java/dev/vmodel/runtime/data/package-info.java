/**
 * Datasets read from disk in their standard formats (never downloaded) and turned into batches for
 * training and evaluation. {@link dev.vmodel.runtime.data.Datasets#open} reads MNIST-style IDX files,
 * CIFAR-10/100 binary files, an ImageFolder tree of PNG/JPEG images, or makes synthetic images, and
 * adapts them to the model's input (size, channels) as {@link dev.vmodel.runtime.data.ImageSet}s of
 * unsigned bytes. {@link dev.vmodel.runtime.data.BatchPlan} orders an epoch and {@link
 * dev.vmodel.runtime.data.Batches#assemble} augments, normalises and labels one batch. Every random
 * choice is a pure function of the seeds passed in, so a resumed run sees the same batches.
 */
package dev.vmodel.runtime.data;
