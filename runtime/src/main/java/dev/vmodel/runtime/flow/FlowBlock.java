package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of generated blocks: a block is its child blocks (fields, registered with
 * {@code addChildBlock}) plus one dataflow method, {@link #flow}, from which the forward pass,
 * the output shapes and the initialisation of the children all follow.
 */
public abstract class FlowBlock extends AbstractBlock {

    protected FlowBlock(byte version) {
        super(version);
    }

    /** The block's dataflow from input {@code x} to its output, written once over {@link Flow}. */
    protected abstract <T> T flow(Flow<T> f, T x);

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        // What sources (weights, const tables) and broadcasts make belongs to this pass, not to the
        // parameter store's manager, which lives as long as a trainer.
        return flow(Flow.forward(parameterStore, training, params, inputs.head().getManager()), inputs);
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return flow(Flow.shapes(), inputShapes);
    }

    @Override
    protected final void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        flow(Flow.initialize(manager, dataType), inputShapes);
    }
}
