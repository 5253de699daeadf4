package dev.vmodel.runtime.data;

/**
 * The images a run trains and validates on.
 *
 * @param format the format the files turned out to be (what picks the default normalisation)
 * @param train the training images
 * @param validation the validation images: the format's test split, a seeded held-out part of the
 *     training files, or an empty set
 * @param description one line for the log, e.g. {@code "MNIST IDX at /d: 60000 train, 10000 test,
 *     1x28x28 -> 3x32x32"}
 */
public record DataSplit(DataFormat format, ImageSet train, ImageSet validation, String description) {}
