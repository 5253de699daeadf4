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
 * Mixing along the token axis: {@code y = inner(x^T)^T} for tokens {@code x} of shape {@code [B, N,
 * D]}, where {@code ^T} swaps the last two axes. The inner block sees {@code [B, D, N]}, so a
 * {@code Linear} inside acts across tokens (its last axis is {@code N}).
 *
 * <p>PyTorch reference: {@code inner(x.transpose(1, 2)).transpose(1, 2)} (MLP-Mixer token MLP, gMLP
 * spatial gating unit). Output shape {@code [B, N', D]} where {@code [B, D, N']} is the inner
 * block's output (usually {@code N' = N}). Parameters: those of the child {@code inner}.
 */
public class TokenMixing extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block inner;

    /**
     * Creates a token-mixing wrapper around {@code inner}.
     *
     * @param inner the block applied with tokens on the last axis; it maps {@code [B, D, N]} to
     *     {@code [B, D, N']}
     */
    public TokenMixing(Block inner) {
        super(VERSION);
        this.inner = addChildBlock("inner", inner);
    }

    /**
     * Returns the wrapped block.
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
        inner.initialize(manager, dataType, swapLast(inputShapes[0]));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shapes.requireTokens(x.getShape(), "token mixing");
        NDArray y =
                inner.forward(parameterStore, new NDList(x.transpose(0, 2, 1)), training, params)
                        .singletonOrThrow();
        return new NDList(y.transpose(0, 2, 1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape inner = this.inner.getOutputShapes(new Shape[] {swapLast(inputShapes[0])})[0];
        return new Shape[] {swapLast(inner)};
    }

    private static Shape swapLast(Shape s) {
        Shapes.requireTokens(s, "token mixing");
        return new Shape(s.get(0), s.get(2), s.get(1));
    }
}
