package dev.vmodel.runtime.data;

/**
 * Images read whole from a file, before adaptation: {@code labels.length} images of {@code channels
 * x height x width} unsigned bytes, channel-first, one after the other.
 */
record Labelled(byte[] images, int[] labels, int channels, int height, int width) {
    int count() {
        return labels.length;
    }

    int maxLabel() {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max;
    }
}
