package dev.vmodel.runtime.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-channel normalisation of pixels scaled to [0, 1]: {@code (v / 255 - mean[c]) / std[c]}, as
 * torchvision's {@code ToTensor} then {@code Normalize}.
 *
 * @param mean one mean per channel
 * @param std one standard deviation per channel, all positive
 */
public record Normalization(float[] mean, float[] std) {
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    private static final float[] CIFAR_MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] CIFAR_STD = {0.2470f, 0.2435f, 0.2616f};

    /** Checks one positive std per mean and keeps private copies. */
    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException(mean.length + " means and " + std.length + " stds");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std " + s + " is not positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** The channels this normalisation is for. */
    public int channels() {
        return mean.length;
    }

    /**
     * The statistics a recipe names: {@code imagenet}, {@code cifar}, {@code mnist}, {@code half}
     * (0.5 / 0.5, to [-1, 1]) or {@code none} (0 / 1, to [0, 1]), for a model of {@code channels}.
     * A 1-channel model gets the mean of the 3-channel values; a 3-channel model fed MNIST statistics
     * gets them repeated.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones, or 3-channel
     *     statistics for a model of neither 1 nor 3 channels
     */
    public static Normalization named(String name, int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("normalisation for " + channels + " channels");
        }
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "imagenet" -> fromRgb(key, IMAGENET_MEAN, IMAGENET_STD, channels);
            case "cifar", "cifar10", "cifar100" -> fromRgb(key, CIFAR_MEAN, CIFAR_STD, channels);
            case "mnist" -> repeated(0.1307f, 0.3081f, channels);
            case "half" -> repeated(0.5f, 0.5f, channels);
            case "none" -> repeated(0f, 1f, channels);
            default ->
                throw new IllegalArgumentException(
                        "unknown normalisation '" + name + "'; known: imagenet, cifar, mnist, half, none");
        };
    }

    /** The statistics of the format: IDX: mnist, CIFAR: cifar, FOLDER: imagenet, SYNTHETIC: half. */
    public static Normalization auto(DataFormat format, int channels) {
        return named(
                switch (format) {
                    case IDX -> "mnist";
                    case CIFAR10, CIFAR100 -> "cifar";
                    case FOLDER -> "imagenet";
                    case SYNTHETIC -> "half";
                },
                channels);
    }

    /**
     * For each channel, the normalised value of each byte value: normalising a pixel is then one table
     * look-up. Computed in double, rounded once to float.
     */
    float[][] table() {
        float[][] table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
        return table;
    }

    private static Normalization fromRgb(String name, float[] mean, float[] std, int channels) {
        if (channels == 3) {
            return new Normalization(mean, std);
        }
        if (channels == 1) {
            return repeated((mean[0] + mean[1] + mean[2]) / 3, (std[0] + std[1] + std[2]) / 3, 1);
        }
        throw new IllegalArgumentException(
                "the " + name + " statistics are for 1- or 3-channel images, not " + channels + " channels");
    }

    private static Normalization repeated(float mean, float std, int channels) {
        float[] means = new float[channels];
        float[] stds = new float[channels];
        Arrays.fill(means, mean);
        Arrays.fill(stds, std);
        return new Normalization(means, stds);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
