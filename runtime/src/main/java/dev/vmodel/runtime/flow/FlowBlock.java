package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.blocks.BatchChunks;

/**
 * Base of generated blocks: a block is its child blocks (fields, registered with
 * {@code addChildBlock}) plus one dataflow method, {@link #flow}, from which the forward pass,
 * the output shapes and the initialisation of the children all follow.
 */
public abstract class FlowBlock extends AbstractBlock {

    /**
     * Images per run when inference gets a larger batch (0: the whole batch at once). Eight images'
     * activations of the seed models stay in cache from one layer to the next, where a batch of 64
     * streams them through memory: measured on one thread, batch 64, inference per step took 11%
     * less CPU for MLP-Mixer-S, 8% for gMLP-Ti and CCT-7, and the same for CVT-7.
     * {@code -Dvmodel.inferenceChunk} tunes it for another machine.
     */
    private static final int INFERENCE_CHUNK = Integer.getInteger("vmodel.inferenceChunk", 8);

    protected FlowBlock(byte version) {
        super(version);
    }

    /** The block's dataflow from input {@code x} to its output, written once over {@link Flow}. */
    protected abstract <T> T flow(Flow<T> f, T x);

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training
                || INFERENCE_CHUNK <= 0
                || inputs.size() != 1
                || inputs.head().getShape().get(0) <= INFERENCE_CHUNK
                || LayerOutputs.recording()) {
            // What sources (weights, const tables) and broadcasts make belongs to this pass, not to
            // the parameter store's manager, which lives as long as a trainer.
            return flow(
                    Flow.forward(parameterStore, training, params, inputs.head().getManager()), inputs);
        }
        // Inference is per image (batch norm reads its running statistics), so the runs give the
        // batch's result. Not while layer outputs are recorded: each run would overwrite the last.
        NDList outputs = new NDList();
        for (NDArray run : BatchChunks.split(inputs.head(), INFERENCE_CHUNK)) {
            outputs.add(flow(Flow.forward(parameterStore, false, params, run.getManager()), new NDList(run))
                    .singletonOrThrow());
        }
        return new NDList(NDArrays.concat(outputs, 0));
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
