package dev.vmodel.runtime.data;

/**
 * One batch ready for the model.
 *
 * @param images {@code n * c * h * w} normalised pixels, channel-first, batch axis first
 * @param n the images in the batch
 * @param c channels
 * @param h height
 * @param w width
 * @param classes the number of classes
 * @param targets {@code n * classes}: one-hot, label-smoothed, then mixed by mixup/cutmix; each row
 *     sums to 1
 * @param labels the images' original labels, for accuracy
 */
public record Batch(float[] images, int n, int c, int h, int w, int classes, float[] targets, int[] labels) {}
