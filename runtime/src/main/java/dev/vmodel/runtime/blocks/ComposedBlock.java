package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * Base class of blocks whose forward is written as code over child blocks, as generated blocks are:
 * fields for the children (each registered with {@link #addChildBlock}), and an {@link #apply} that
 * reads like the paper, calling children through {@link #call}.
 *
 * <pre>{@code
 * final class SpatialGating extends ComposedBlock {
 *     private final Split split = addChildBlock("split", Split.halves(Axis.CHANNELS));
 *     private final LastAxisLayerNorm norm = addChildBlock("norm", new LastAxisLayerNorm());
 *     private final TokenMixing mix =
 *             addChildBlock("mix", new TokenMixing(Linear.builder().setUnits(196).build()));
 *
 *     SpatialGating() { super((byte) 1); }
 *
 *     protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
 *         NDList uv = callList(split, ps, x, training);
 *         NDArray u = uv.get(0);
 *         NDArray v = call(mix, ps, call(norm, ps, uv.get(1), training), training);
 *         return u.mul(v);
 *     }
 * }
 * }</pre>
 *
 * <p>Initialisation needs no shape arithmetic: {@link #initializeChildBlocks} runs {@link #apply}
 * once on zeros of the input shape with batch size 1 (in a scratch manager that is closed
 * afterwards, training off), and {@link #call} initialises each child, on first use, with the shape
 * it actually receives. Parameters are created in the manager given to {@code initialize}. Every
 * child must be reached by that trace. {@link #getOutputShapes} likewise traces the forward on
 * zeros once the block is initialised (the approach of DJL's {@code LambdaBlock}); subclasses that
 * know their output shape may override it.
 *
 * <p>Memory scoping: the PyTorch engine attaches a result to the manager of the operation's first
 * operand. Write {@code x.mul(y)} with {@code x} derived from the input, never {@code
 * param.op(...)} on a raw parameter array, or the result lands in the model's long-lived manager.
 */
public abstract class ComposedBlock extends AbstractBlock {

    private NDManager initManager;
    private DataType initType;

    /**
     * Creates a composed block.
     *
     * @param version the version byte written by {@code saveParameters}
     */
    protected ComposedBlock(byte version) {
        super(version);
    }

    /**
     * The forward computation on a single input.
     *
     * @param ps the parameter store
     * @param x the input
     * @param training whether this is a training pass (dropout, drop-path, batch statistics)
     * @return the output
     */
    protected abstract NDArray apply(ParameterStore ps, NDArray x, boolean training);

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(parameterStore, inputs.singletonOrThrow(), training));
    }

    /**
     * Runs a child on one input and returns its single output, initialising the child first if
     * needed (with the shape of {@code x}).
     *
     * @param child a child block of this block
     * @param ps the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @return the child's only output
     */
    protected final NDArray call(Block child, ParameterStore ps, NDArray x, boolean training) {
        return callList(child, ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Runs a child on several inputs (for example a {@link Merge}) and returns its single output.
     *
     * @param child a child block of this block
     * @param ps the parameter store
     * @param inputs the inputs
     * @param training whether this is a training pass
     * @return the child's only output
     */
    protected final NDArray call(Block child, ParameterStore ps, NDList inputs, boolean training) {
        return callList(child, ps, inputs, training).singletonOrThrow();
    }

    /**
     * Runs a child on one input and returns all its outputs (for example a {@link Split}).
     *
     * @param child a child block of this block
     * @param ps the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @return the child's outputs
     */
    protected final NDList callList(Block child, ParameterStore ps, NDArray x, boolean training) {
        return callList(child, ps, new NDList(x), training);
    }

    /**
     * Runs a child on several inputs and returns all its outputs, initialising the child first if
     * needed (with the shapes of {@code inputs}).
     *
     * @param child a child block of this block
     * @param ps the parameter store
     * @param inputs the inputs
     * @param training whether this is a training pass
     * @return the child's outputs
     */
    protected final NDList callList(
            Block child, ParameterStore ps, NDList inputs, boolean training) {
        if (!child.isInitialized()) {
            NDManager manager = initManager != null ? initManager : ps.getManager();
            DataType type = initType != null ? initType : inputs.head().getDataType();
            child.initialize(manager, type, inputs.getShapes());
        }
        return child.forward(ps, inputs, training);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        initManager = manager;
        initType = dataType;
        try (NDManager scratch = manager.newSubManager()) {
            forwardInternal(
                    new ParameterStore(scratch, false),
                    zeros(scratch, dataType, inputShapes),
                    false,
                    null);
        } finally {
            initManager = null;
            initType = null;
        }
        for (Pair<String, Block> child : getChildren()) {
            if (!child.getValue().isInitialized()) {
                throw new IllegalStateException(
                        getClass().getSimpleName()
                                + ": child "
                                + child.getKey().substring(2)
                                + " was not reached by the forward pass, so it has no shape");
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs the forward pass on zeros of the given shapes with batch size 1 (training off) and
     * returns the shapes it produces, with the batch axis of {@code inputShapes[0]}; the block must
     * be initialised.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (!isInitialized()) {
            throw new IllegalStateException(
                    getClass().getSimpleName()
                            + ": initialise the block before asking its output shapes, or"
                            + " override getOutputShapes");
        }
        NDManager scratch = null;
        DataType type = DataType.FLOAT32;
        for (Pair<String, Parameter> p : getParameters()) {
            NDArray array = p.getValue().getArray();
            scratch = array.getManager().newSubManager();
            type = array.getDataType();
            break;
        }
        if (scratch == null) {
            scratch = NDManager.newBaseManager();
        }
        try (NDManager m = scratch) {
            NDList out =
                    forwardInternal(
                            new ParameterStore(m, false), zeros(m, type, inputShapes), false, null);
            Shape[] shapes = out.getShapes();
            Shape[] result = new Shape[shapes.length];
            for (int i = 0; i < shapes.length; i++) {
                result[i] = withBatch(shapes[i], inputShapes[0].get(0));
            }
            return result;
        }
    }

    private static NDList zeros(NDManager manager, DataType type, Shape[] shapes) {
        NDList list = new NDList(shapes.length);
        for (Shape s : shapes) {
            list.add(manager.zeros(withBatch(s, 1), type));
        }
        return list;
    }

    /** Returns {@code s} with its batch axis (axis 0) set to {@code batch}. */
    private static Shape withBatch(Shape s, long batch) {
        if (s.dimension() == 0) {
            return s;
        }
        long[] dims = s.getShape().clone(); // Shape.getShape() is not a copy
        dims[0] = batch;
        return new Shape(dims);
    }
}
