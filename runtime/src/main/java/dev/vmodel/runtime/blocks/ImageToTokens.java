package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Flattens an image into tokens: {@code [B, C, H, W] -> [B, H*W, C]}, token {@code h*W + w} being
 * pixel {@code (h, w)}.
 *
 * <p>PyTorch reference: {@code x.flatten(2).transpose(1, 2)} (ViT/Mixer/gMLP patch embedding after
 * the stem convolution). No parameters. The exact inverse is {@link TokensToGrid}.
 */
public class ImageToTokens extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates the image-to-tokens reshaping. */
    public ImageToTokens() {
        super(VERSION);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = Shapes.requireImage(x.getShape(), "image to tokens");
        long b = s.get(0);
        long c = s.get(1);
        long n = s.get(2) * s.get(3);
        NDArray tokens = x.reshape(b, c, n).transpose(0, 2, 1);
        // Copied once into token-major order (flattening the transposed view cannot be a view).
        // Left strided, the layout would carry on: an element-wise result takes the strides of its
        // operands, so the whole residual stream would stay channel-major and every layer norm
        // would copy its input first, in the forward pass and again in the backward.
        return new NDList(tokens.reshape(b, n * c).reshape(b, n, c));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = Shapes.requireImage(inputShapes[0], "image to tokens");
        return new Shape[] {new Shape(s.get(0), s.get(2) * s.get(3), s.get(1))};
    }
}
