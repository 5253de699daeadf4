package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout(p)}: in training each element is zeroed with
 * probability {@code p} and the rest are scaled by {@code 1 / (1 - p)}; at inference, or when
 * {@code p == 0}, the input passes unchanged; {@code p == 1} zeroes everything in training. No
 * parameters; output shape = input shape.
 *
 * <p>It replaces DJL's {@code Dropout}, whose engine call draws its mask on one thread with
 * libtorch's generator: the mask comes from {@link DropoutMask}, drawn on every core.
 */
public class Dropout extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float p;

    /**
     * Creates a dropout block.
     *
     * @param p the probability of zeroing an element, in {@code [0, 1]}
     */
    public Dropout(float p) {
        super(VERSION);
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    /**
     * Returns the drop probability.
     *
     * @return the probability of zeroing an element
     */
    public float getRate() {
        return p;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(DropoutMask.apply(inputs.singletonOrThrow(), p, training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
