package dev.vmodel.runtime.data;

import java.util.List;

/**
 * Images held in memory (IDX and CIFAR files are read whole), adapted to the model's input. Images
 * of another size are resized once, when the set is made, unless the resized set would be too large
 * to hold (MNIST at 224x224, say): then each image is resized when it is read. Gray images for a
 * 3-channel model are stored with one channel and replicated when read.
 */
final class ArrayImageSet extends ImageSet {
    /** The most bytes of resized images held in memory; beyond it images are resized when read. */
    static final long RESIZED_BUDGET = 1L << 30;

    private final int[] labels;
    private final int storedChannels;
    private final byte[] data;
    private final int storedBytes;
    /** Maps a stored image to the model's height and width; null when stored at that size. */
    private final Resample resample;

    /**
     * @param data {@code labels.length} images of {@code storedChannels x srcHeight x srcWidth},
     *     channel-first
     * @param channels the model's channels: {@code storedChannels}, or 3 for 1-channel data
     */
    ArrayImageSet(
            String name,
            byte[] data,
            int storedChannels,
            int srcHeight,
            int srcWidth,
            int[] labels,
            List<String> classNames,
            int channels,
            int height,
            int width) {
        this(
                name,
                data,
                storedChannels,
                srcHeight,
                srcWidth,
                labels,
                classNames,
                channels,
                height,
                width,
                RESIZED_BUDGET);
    }

    /** As above, holding resized images only when they take at most {@code budget} bytes. */
    ArrayImageSet(
            String name,
            byte[] data,
            int storedChannels,
            int srcHeight,
            int srcWidth,
            int[] labels,
            List<String> classNames,
            int channels,
            int height,
            int width,
            long budget) {
        super(name, channels, height, width, classNames);
        if (channels != storedChannels && !(storedChannels == 1 && channels == 3)) {
            throw new IllegalArgumentException(
                    storedChannels + " stored channels for a " + channels + "-channel model");
        }
        this.labels = labels;
        this.storedChannels = storedChannels;
        int count = labels.length;
        if (srcHeight == height && srcWidth == width) {
            this.data = data;
            this.storedBytes = storedChannels * height * width;
            this.resample = null;
        } else {
            Resample plan = Resample.cover(srcHeight, srcWidth, height, width);
            long resizedBytes = (long) count * storedChannels * height * width;
            if (resizedBytes <= budget) {
                int srcBytes = storedChannels * srcHeight * srcWidth;
                int dstBytes = storedChannels * height * width;
                byte[] resized = new byte[(int) resizedBytes];
                java.util.stream.IntStream.range(0, count)
                        .parallel()
                        .forEach(i -> plan.apply(data, i * srcBytes, storedChannels, resized, i * dstBytes));
                this.data = resized;
                this.storedBytes = dstBytes;
                this.resample = null;
            } else {
                this.data = data;
                this.storedBytes = storedChannels * srcHeight * srcWidth;
                this.resample = plan;
            }
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    @Override
    public void pixels(int i, byte[] dst) {
        checkIndex(i);
        int plane = height() * width();
        if (resample == null) {
            System.arraycopy(data, i * storedBytes, dst, 0, storedChannels * plane);
        } else {
            resample.apply(data, i * storedBytes, storedChannels, dst, 0);
        }
        for (int c = storedChannels; c < channels(); c++) {
            System.arraycopy(dst, 0, dst, c * plane, plane);
        }
    }
}
