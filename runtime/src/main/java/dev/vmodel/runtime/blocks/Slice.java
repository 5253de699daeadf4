package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.semantic.tensor.Axes;

/**
 * {@code x[start:end:step]} along one per-example axis, with Python's rules: a negative start or
 * end counts from the end of the axis, both are clamped to the axis, and an omitted end is the
 * axis size. The step is positive. A slice that selects nothing is an error, not an empty array.
 *
 * <p>PyTorch reference: {@code x.narrow}/basic indexing {@code x[:, ..., start:end:step]} on axis
 * {@code axis + 1}. No parameters.
 */
public class Slice extends AbstractBlock {

    private static final byte VERSION = 1;

    private final long start;
    private final Long end;
    private final int axis;
    private final long step;

    Slice(Builder builder) {
        super(VERSION);
        if (builder.step < 1) {
            throw new IllegalArgumentException("slice step must be at least 1, got " + builder.step);
        }
        this.start = builder.start;
        this.end = builder.end;
        this.axis = builder.axis;
        this.step = builder.step;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the start.
     *
     * @return the start, negative counting from the end
     */
    public long getStart() {
        return start;
    }

    /**
     * Returns the end, or null for the end of the axis.
     *
     * @return the end, negative counting from the end
     */
    public Long getEnd() {
        return end;
    }

    /**
     * Returns the per-example axis.
     *
     * @return the axis, negative counting from the end
     */
    public int getAxis() {
        return axis;
    }

    /**
     * Returns the step.
     *
     * @return the step, at least 1
     */
    public long getStep() {
        return step;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int full = ExampleAxis.resolve(axis, x.getShape(), "slice");
        long[] range = range(x.getShape(), full);
        return new NDList(x.get(new NDIndex().addAllDim(full).addSliceDim(range[0], range[1], step)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int full = ExampleAxis.resolve(axis, in, "slice");
        long[] range = range(in, full);
        return new Shape[] {ExampleAxis.withSize(in, full, range[2])};
    }

    /** {start, end, count} clamped to the axis as Python does. */
    private long[] range(Shape in, int full) {
        long n = in.get(full);
        long[] range = Axes.slice(start, end, step, n);
        if (range[2] == 0) {
            throw new IllegalArgumentException("slice " + start + ":" + (end == null ? "" : end) + ":" + step
                    + " of axis " + axis + " (size " + n + ") of " + in + " is empty");
        }
        return range;
    }

    /** Builds a {@link Slice}: the start is required, the rest optional. */
    public static final class Builder {
        private long start;
        private boolean startSet;
        private Long end;
        private int axis;
        private long step = 1;

        Builder() {}

        /**
         * Sets the first index taken.
         *
         * @param start the start, negative counting from the end
         * @return this builder
         */
        public Builder setStart(long start) {
            this.start = start;
            this.startSet = true;
            return this;
        }

        /**
         * Sets the end (exclusive); without it the slice runs to the end of the axis.
         *
         * @param end the end, negative counting from the end
         * @return this builder
         */
        public Builder optEnd(long end) {
            this.end = end;
            return this;
        }

        /**
         * Sets the per-example axis (default 0, the first after the batch axis).
         *
         * @param axis the axis, negative counting from the end
         * @return this builder
         */
        public Builder optAxis(int axis) {
            this.axis = axis;
            return this;
        }

        /**
         * Sets the step (default 1).
         *
         * @param step the step, at least 1
         * @return this builder
         */
        public Builder optStep(long step) {
            this.step = step;
            return this;
        }

        /**
         * Builds the slice.
         *
         * @return the block
         * @throws IllegalArgumentException if the start is not set or the step is below 1
         */
        public Slice build() {
            if (!startSet) {
                throw new IllegalArgumentException("slice needs a start");
            }
            return new Slice(this);
        }
    }
}
