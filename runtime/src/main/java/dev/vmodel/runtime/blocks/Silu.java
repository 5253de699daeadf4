package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The SiLU (swish with beta 1) activation: {@code x * sigmoid(x)}.
 *
 * <p>DJL's {@code Activation.swishBlock(1f)} computes {@code sigmoid(x * 1f)}, whose Java scalar
 * autograd saves and the collector may free before the backward pass (see {@link
 * dev.vmodel.runtime.EngineArrays}); this block multiplies arrays only.
 *
 * <p>PyTorch reference: {@code torch.nn.SiLU}. No parameters; output shape = input shape.
 */
public class Silu extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates a SiLU. */
    public Silu() {
        super(VERSION);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.mul(Activation.sigmoid(x)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
