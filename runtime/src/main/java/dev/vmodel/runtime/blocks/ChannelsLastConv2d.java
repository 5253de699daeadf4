package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DJL's {@link Conv2d}, run on an image whose memory is laid out channels last ({@code [B, H, W,
 * C]} in memory, still {@code [B, C, H, W]} to the caller), as PyTorch's {@code
 * memory_format=torch.channels_last} does.
 *
 * <p><b>Why.</b> libtorch 2.7.1 hands a convolution of a batch of more than one image to oneDNN
 * 3.7.1. On an AVX-512 CPU, for an image in the usual layout, oneDNN computes in a layout that
 * packs the channels in blocks of 16 and pads the last block, and memory in that padding that was
 * never written enters the result. On this project's machine (a Zen 5 EPYC), a 3 x 3 convolution
 * of a batch of two images came out 18 to 32% off, or NaN when the recycled bytes formed one: the
 * output for inputs of 24 and 40 channels, the input's gradient for outputs of 8 and 24 channels
 * (of 3, 8, 16, 24, 40, 48 and 80 channels in and 8, 24 and 32 out). MobileViT's convolutions of
 * 24 channels trained to a NaN loss at random. Channels last, oneDNN computes on the image's own
 * memory, with nothing to pad, and agrees with libtorch's own kernels ({@code
 * ChannelsLastConv2dTest} checks both with every allocation filled with NaN). On an Intel Xeon with
 * AVX-512 and AMX, a later machine of the project, the plain convolution was exact on the same
 * channel counts: oneDNN picks its kernels by the CPU, and this one costs a copy at most.
 *
 * <p>An image that is already channels last (the output of a convolution before) costs four
 * views; any other is copied once. Everything after the convolution keeps the layout: batch norm,
 * activations and pooling run on it as they are, and turning the image into tokens ({@code [B, H
 * W, C]}) is then a view instead of a copy.
 *
 * <p>Same parameters, initialisation, shapes and saved form as {@link Conv2d}.
 */
public final class ChannelsLastConv2d extends Conv2d {

    private ChannelsLastConv2d(Builder builder) {
        super(builder);
    }

    /**
     * A builder, with {@link Conv2d.Builder}'s options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return super.forwardInternal(
                parameterStore, new NDList(channelsLast(inputs.singletonOrThrow())), training, params);
    }

    /**
     * {@code image} with the same shape and values, its memory laid out {@code [B, H, W, C]}.
     *
     * <p>The reshape to {@code [B, H W C]} is a view when the memory is channels last already
     * and a copy into that layout otherwise; the transposes around it are views.
     *
     * @param image {@code [B, C, H, W]}
     * @return {@code [B, C, H, W]}, channels last in memory
     */
    static NDArray channelsLast(NDArray image) {
        Shape s = image.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return image.transpose(0, 2, 3, 1)
                .reshape(b, h * w * c)
                .reshape(b, h, w, c)
                .transpose(0, 3, 1, 2);
    }

    /** Builds a {@link ChannelsLastConv2d}. */
    public static final class Builder extends Conv2d.Builder {

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        public ChannelsLastConv2d build() {
            validate();
            return new ChannelsLastConv2d(this);
        }
    }
}
