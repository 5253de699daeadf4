package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.EngineArrays;

/**
 * Multiplies by a fixed number, such as attention's {@code d^-0.5}: {@code y = x * factor}.
 *
 * <p>PyTorch reference: {@code x * factor}. No parameters; output shape = input shape.
 */
public class Times extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float factor;

    /**
     * Creates a multiplication by a constant.
     *
     * @param factor the number multiplied by
     */
    public Times(float factor) {
        super(VERSION);
        this.factor = factor;
    }

    /**
     * Returns the factor.
     *
     * @return the number multiplied by
     */
    public float getFactor() {
        return factor;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(EngineArrays.times(inputs.singletonOrThrow(), factor));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
