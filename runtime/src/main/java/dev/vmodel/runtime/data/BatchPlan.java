package dev.vmodel.runtime.data;

import java.util.Arrays;

/**
 * The order of one epoch: a permutation seeded from the run's seed and the epoch (training), or
 * {@code 0..size-1} (evaluation). A pure function of its arguments, so that a resumed run takes the
 * same batches.
 */
public final class BatchPlan {
    private final int[] order;
    private final int batch;
    private final int steps;

    /**
     * @param size the images in the set
     * @param batch the batch size
     * @param seed the run's seed
     * @param epoch the epoch, from 0
     * @param shuffle true for training: a seeded permutation, and the last partial batch dropped (as
     *     training loaders do), except that a set smaller than one batch still gives one batch of all
     *     its images; false for evaluation: the images in order, the last partial batch kept
     */
    public BatchPlan(int size, int batch, long seed, int epoch, boolean shuffle) {
        if (size < 0 || batch <= 0) {
            throw new IllegalArgumentException("a plan of " + size + " images in batches of " + batch);
        }
        this.batch = batch;
        if (shuffle) {
            this.order = Seeds.permutation(size, Seeds.mix(seed, epoch));
            this.steps = size == 0 ? 0 : Math.max(1, size / batch);
        } else {
            this.order = new int[size];
            Arrays.setAll(order, i -> i);
            this.steps = (size + batch - 1) / batch;
        }
    }

    /** The batches of the epoch. */
    public int steps() {
        return steps;
    }

    /** The image indices of batch {@code step}, in {@code [0, steps())}. */
    public int[] indices(int step) {
        if (step < 0 || step >= steps) {
            throw new IndexOutOfBoundsException("step " + step + " of a plan of " + steps);
        }
        int from = step * batch;
        return Arrays.copyOfRange(order, from, Math.min(from + batch, order.length));
    }
}
