package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Sequence (attention) pooling of the Compact Convolutional Transformer (Hassani et al. 2021):
 * tokens {@code [B, N, D]} to a vector {@code [B, D]}.
 *
 * <p>Computes {@code w = softmax_N(Linear(D -> 1)(x))} of shape {@code [B, N, 1]} and returns
 * {@code (w^T x).squeeze} = {@code sum_n w[b, n] * x[b, n, :]}. PyTorch reference (CCT {@code
 * TransformerClassifier}): {@code torch.matmul(F.softmax(self.attention_pool(x), dim=1)
 * .transpose(-1, -2), x).squeeze(-2)}. Parameters: the child DJL {@link Linear} {@code
 * attention_pool} with weight {@code [1, D]} and bias {@code [1]}: {@code D + 1} scalars.
 */
public class SequencePooling extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear attentionPool;

    /** Creates a sequence-pooling block; its width {@code D} is taken from the input. */
    public SequencePooling() {
        super(VERSION);
        attentionPool =
                addChildBlock("attention_pool", Linear.builder().setUnits(1).build());
    }

    /**
     * Returns the scoring layer {@code Linear(D -> 1)}, for example to set its initialiser.
     *
     * @return the child linear block
     */
    public Linear getAttentionPool() {
        return attentionPool;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shapes.requireTokens(inputShapes[0], "sequence pooling");
        attentionPool.initialize(manager, dataType, inputShapes[0]);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shapes.requireTokens(x.getShape(), "sequence pooling");
        NDArray scores =
                attentionPool.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray weights = scores.softmax(1); // [B, N, 1]
        return new NDList(weights.transpose(0, 2, 1).matMul(x).squeeze(1)); // [B, D]
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shapes.requireTokens(s, "sequence pooling");
        return new Shape[] {new Shape(s.get(0), s.get(2))};
    }
}
