package dev.vmodel.runtime.data;

import java.nio.file.Path;

/**
 * What the trainer asks {@link Datasets#open} for: where the data is, in which format, and the
 * model's input shape that the images are adapted to.
 *
 * @param path the dataset directory; {@code null} only for {@link DataFormat#SYNTHETIC}
 * @param format the format, or {@code null} to detect it from the files
 * @param channels the model's input channels
 * @param height the model's input height
 * @param width the model's input width
 * @param grayToRgb whether 1-channel images may be replicated into a 3-channel model
 * @param validationSplit the fraction held out for validation when the format has no test split, in
 *     [0, 1); 0 means no validation set
 * @param seed the seed of the validation split and of synthetic images
 * @param syntheticSize the number of synthetic images
 * @param syntheticClasses the number of synthetic classes
 */
public record DataRequest(
        Path path,
        DataFormat format,
        int channels,
        int height,
        int width,
        boolean grayToRgb,
        double validationSplit,
        long seed,
        int syntheticSize,
        int syntheticClasses) {}
