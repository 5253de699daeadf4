package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A batch cut into runs of consecutive images, for computing a large batch a few images at a time
 * so that each run's intermediate arrays are still in cache when the next op reads them.
 */
public final class BatchChunks {

    private BatchChunks() {}

    /**
     * Splits {@code x} along the batch axis into runs of {@code images} (the last may be shorter).
     * One split, not slices: its backward concatenates the runs' gradients once, where each slice's
     * backward would zero-fill an array the size of the whole batch.
     *
     * @param x an array whose first axis is the batch
     * @param images images per run, positive
     * @return the runs, in order; {@code x} alone when it has no more than {@code images}
     */
    public static NDList split(NDArray x, long images) {
        long batch = x.getShape().get(0);
        if (batch <= images) {
            return new NDList(x);
        }
        long[] starts = new long[(int) ((batch - 1) / images)];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (i + 1) * images;
        }
        return x.split(starts, 0);
    }
}
