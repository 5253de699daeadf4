package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Parameter-free global pooling to a vector.
 *
 * <ul>
 *   <li>Tokens {@code [B, N, D] -> [B, D]}: {@link Mode#MEAN} = {@code x.mean(dim=1)}, {@link
 *       Mode#MAX} = {@code x.amax(dim=1)}, {@link Mode#CLS} = {@code x[:, 0]} (the class token).
 *   <li>Images {@code [B, C, H, W] -> [B, C]}: {@link Mode#MEAN} = {@code x.mean(dim=(2, 3))}
 *       (global average pooling), {@link Mode#MAX} = {@code x.amax(dim=(2, 3))}; {@link Mode#CLS}
 *       is undefined.
 * </ul>
 */
public class TokenPooling extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The pooling reduction. */
    public enum Mode {
        /** Mean over tokens, or over the spatial axes of an image. */
        MEAN,
        /** Maximum over tokens, or over the spatial axes of an image. */
        MAX,
        /** The first token (class token); tokens only. */
        CLS
    }

    private final Mode mode;

    /**
     * Creates a pooling block.
     *
     * @param mode the reduction
     */
    public TokenPooling(Mode mode) {
        super(VERSION);
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        this.mode = mode;
    }

    /**
     * Returns mean pooling.
     *
     * @return a new {@code TokenPooling(MEAN)}
     */
    public static TokenPooling mean() {
        return new TokenPooling(Mode.MEAN);
    }

    /**
     * Returns max pooling.
     *
     * @return a new {@code TokenPooling(MAX)}
     */
    public static TokenPooling max() {
        return new TokenPooling(Mode.MAX);
    }

    /**
     * Returns class-token pooling.
     *
     * @return a new {@code TokenPooling(CLS)}
     */
    public static TokenPooling cls() {
        return new TokenPooling(Mode.CLS);
    }

    /**
     * Returns the reduction.
     *
     * @return the mode
     */
    public Mode getMode() {
        return mode;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        int axis = reducedAxis(s);
        if (s.dimension() == 4) {
            // the PyTorch engine reduces over one axis at a time: fold H and W into one
            x = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        }
        switch (mode) {
            case MEAN:
                return new NDList(x.mean(new int[] {axis}));
            case MAX:
                return new NDList(x.max(new int[] {axis}));
            case CLS:
                return new NDList(x.get(new NDIndex(":, 0")));
            default:
                throw new IllegalStateException("unknown mode " + mode);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        reducedAxis(s);
        long width = s.dimension() == 3 ? s.get(2) : s.get(1); // D of tokens, C of an image
        return new Shape[] {new Shape(s.get(0), width)};
    }

    /** The token axis of tokens, or the folded spatial axis of an image, both 1 and 2. */
    private int reducedAxis(Shape s) {
        if (s.dimension() == 3) {
            return 1;
        }
        if (s.dimension() == 4 && mode != Mode.CLS) {
            return 2;
        }
        throw new IllegalArgumentException(mode
                + " pooling needs tokens [B, N, D]"
                + (mode == Mode.CLS ? "" : " or an image [B, C, H, W]")
                + "; got "
                + s);
    }
}
