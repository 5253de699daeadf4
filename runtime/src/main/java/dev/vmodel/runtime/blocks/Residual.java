package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A residual connection: {@code y = x + inner(x)}, as {@code x = x + f(x)} in PyTorch.
 *
 * <p>The inner block (child {@code inner}) must return one tensor of the input's shape; its
 * parameters are the only parameters. Output shape = input shape. DJL's {@code ParallelBlock} with
 * an identity branch could express this too, but needs a join function and reports its shapes
 * through it; this block states the intent.
 */
public class Residual extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block inner;

    /**
     * Creates {@code x + inner(x)}.
     *
     * @param inner the residual branch, shape-preserving
     */
    public Residual(Block inner) {
        super(VERSION);
        this.inner = addChildBlock("inner", inner);
    }

    /**
     * Returns the residual branch.
     *
     * @return the inner block
     */
    public Block getInner() {
        return inner;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        inner.initialize(manager, dataType, inputShapes);
        Shape[] out = inner.getOutputShapes(inputShapes);
        if (out.length != 1 || !out[0].equals(inputShapes[0])) {
            throw new IllegalArgumentException(
                    "residual branch must keep the shape "
                            + inputShapes[0]
                            + "; it gives "
                            + java.util.Arrays.toString(out));
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray fx = inner.forward(parameterStore, inputs, training, params).singletonOrThrow();
        if (!fx.getShape().equals(x.getShape())) {
            throw new IllegalStateException(
                    "residual branch changed the shape: " + x.getShape() + " -> " + fx.getShape());
        }
        return new NDList(x.add(fx));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
