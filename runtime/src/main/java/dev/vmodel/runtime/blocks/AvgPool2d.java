package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Average pooling over a square window of an image {@code [B, C, H, W]}, with or without the zero
 * padding in the count.
 *
 * <p>PyTorch reference: {@code nn.AvgPool2d(kernel, stride, padding, count_include_pad=...)}
 * (PoolFormer's token mixer is {@code AvgPool2d(3, 1, 1, count_include_pad=False) - x}). DJL's
 * PyTorch engine ignores {@code Pool.avgPool2d}'s {@code countIncludePad = false} and always
 * divides by the full window, so a border pixel of an all-ones image pools to {@code 4/9} instead
 * of 1. Here the padded-count average is divided by the padded-count average of a ones image of
 * the same size, which is exactly (real pixels in the window) / (window size): the quotient is
 * the sum over real pixels divided by their count. No parameters.
 *
 * <p>Output shape: {@code [B, C, (H + 2p - k) / s + 1, (W + 2p - k) / s + 1]}, rounded down.
 */
public class AvgPool2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final long kernel;
    private final long stride;
    private final long padding;
    private final boolean countPadding;

    private AvgPool2d(Builder b) {
        super(VERSION);
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.padding = b.padding;
        this.countPadding = b.countPadding;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setKernel} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns whether zero padding counts towards the average.
     *
     * @return {@code count_include_pad}
     */
    public boolean isCountPadding() {
        return countPadding;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = Shapes.requireImage(x.getShape(), "average pooling");
        NDArray out = pool(x);
        if (countPadding || padding == 0) {
            return new NDList(out); // with no padding every window holds k*k real pixels
        }
        NDArray ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType(), x.getDevice());
        return new NDList(out.div(pool(ones)));
    }

    private NDArray pool(NDArray x) {
        return Pool.avgPool2d(
                x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(padding, padding), false, true);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = Shapes.requireImage(inputShapes[0], "average pooling");
        return new Shape[] {new Shape(s.get(0), s.get(1), side(s.get(2), "height"), side(s.get(3), "width"))};
    }

    private long side(long size, String axis) {
        long padded = size + 2 * padding;
        if (padded < kernel) {
            throw new IllegalArgumentException(
                    "average pooling: kernel " + kernel + " does not fit the " + axis + " " + size);
        }
        return (padded - kernel) / stride + 1;
    }

    /** Options of an {@link AvgPool2d}, DJL style: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {
        private long kernel;
        private long stride = -1;
        private long padding;
        private boolean countPadding = true;

        private Builder() {}

        /**
         * Sets the side of the square window.
         *
         * @param kernel the window side, positive
         * @return this builder
         */
        public Builder setKernel(long kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the step between windows; the kernel side unless set.
         *
         * @param stride the stride, positive
         * @return this builder
         */
        public Builder optStride(long stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the zero padding on every side; 0 unless set.
         *
         * @param padding the padding, at most half the kernel (PyTorch's limit)
         * @return this builder
         */
        public Builder optPadding(long padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Sets whether zero padding counts towards the average ({@code count_include_pad}); true
         * unless set, as in PyTorch.
         *
         * @param countPadding false to average over the real pixels only
         * @return this builder
         */
        public Builder optCountPadding(boolean countPadding) {
            this.countPadding = countPadding;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the pooling block
         * @throws IllegalArgumentException if the kernel was not set or a value is out of range
         */
        public AvgPool2d build() {
            if (kernel <= 0) {
                throw new IllegalArgumentException("average pooling needs a positive kernel, got " + kernel);
            }
            if (stride == -1) {
                stride = kernel;
            }
            if (stride <= 0) {
                throw new IllegalArgumentException("average pooling needs a positive stride, got " + stride);
            }
            if (padding < 0 || 2 * padding > kernel) {
                throw new IllegalArgumentException(
                        "average pooling padding " + padding + " must be between 0 and half the kernel " + kernel);
            }
            return new AvgPool2d(this);
        }
    }
}
