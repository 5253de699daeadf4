package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Folds tokens back into an image: {@code [B, N, D] -> [B, D, h, w]} with {@code N = h*w}, token
 * {@code i*w + j} going to pixel {@code (i, j)}; the exact inverse of {@link ImageToTokens}.
 *
 * <p>PyTorch reference: {@code x.transpose(1, 2).reshape(B, D, h, w)}. No parameters.
 */
public class TokensToGrid extends AbstractBlock {

    private static final byte VERSION = 1;

    private final long height;
    private final long width;

    /**
     * Creates the tokens-to-grid reshaping.
     *
     * @param height the grid height {@code h}
     * @param width the grid width {@code w}
     */
    public TokensToGrid(long height, long width) {
        super(VERSION);
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("grid size must be positive, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    /**
     * Returns the grid height.
     *
     * @return {@code h}
     */
    public long getHeight() {
        return height;
    }

    /**
     * Returns the grid width.
     *
     * @return {@code w}
     */
    public long getWidth() {
        return width;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = check(x.getShape());
        return new NDList(x.transpose(0, 2, 1).reshape(s.get(0), s.get(2), height, width));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = check(inputShapes[0]);
        return new Shape[] {new Shape(s.get(0), s.get(2), height, width)};
    }

    private Shape check(Shape s) {
        Shapes.requireTokens(s, "tokens to grid");
        if (s.get(1) != height * width) {
            throw new IllegalArgumentException(
                    "cannot fold " + s.get(1) + " tokens into a " + height + "x" + width + " grid");
        }
        return s;
    }
}
