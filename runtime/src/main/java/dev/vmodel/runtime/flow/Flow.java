package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.blocks.Axis;
import java.util.List;

/**
 * The operations a block's dataflow is written in, over values of type {@code T}. A generated
 * block writes its dataflow once, as {@code <T> T flow(Flow<T> f, T x)}; running it with
 * {@link #forward} computes the output ({@code T = NDList}), with {@link #shapes} the output shapes
 * ({@code T = Shape[]}), and with {@link #initialize} it initialises every child with the shape it
 * actually receives. So forward, output shapes and initialisation can never disagree.
 *
 * @param <T> {@code NDList} for data, {@code Shape[]} for shapes
 */
public interface Flow<T> {

    /** Runs a child block. */
    T apply(Block block, T x);

    /**
     * Runs a linear whose output a later block splits into {@code parts} equal parts along its
     * channels, with only element-wise layers in between: the generator emits this where it sees
     * that pattern (gMLP's {@code linear -> gelu -> SpatialGatingUnit}). The forward pass computes
     * the output as that many products over slices of the weight, each part contiguous ({@link
     * ChannelParts}); same parameters, same values. Other flows apply the linear as it is.
     */
    default T applyInParts(Block linear, T x, int parts) {
        return apply(linear, x);
    }

    /**
     * Element-wise {@code a + b} (a residual connection).
     *
     * <p>This and the other element-wise merges ({@link #subtract}, {@link #multiply}, {@link
     * #divide}) broadcast like numpy over the per-example axes: the lower-rank operand gets size-1
     * axes inserted right after its batch axis, then each pair of axes must be equal or one of
     * them 1; a batch axis of 1 (a weight, a const) broadcasts over the batch. Operands of equal
     * shape are combined as they are.
     */
    T add(T a, T b);

    /** Element-wise {@code a - b}. */
    T subtract(T a, T b);

    /** Element-wise {@code a * b} (a gate). */
    T multiply(T a, T b);

    /** Element-wise {@code a / b}. */
    T divide(T a, T b);

    /**
     * Runs a block that takes no input and makes a value of its own (a learned {@code weight}, a
     * {@code const} table), with a leading axis of 1 so that it broadcasts over the batch.
     */
    T source(Block block);

    /** Runs a block of several inputs ({@code einsum}, {@code take}), in the order given. */
    T applyAll(Block block, List<T> inputs);

    /** Concatenation along an axis. */
    T concat(Axis axis, List<T> parts);

    /** Parts of the given sizes along an axis. */
    List<T> split(T x, Axis axis, long... sizes);

    /** {@code parts} equal parts along an axis (the size is known only at run time). */
    List<T> splitEqual(T x, Axis axis, int parts);

    /** {@code [B, N, D] <-> [B, D, N]}: in and out of mixing along the token axis. */
    T transposeTokens(T x);

    /**
     * The forward pass. Values made by {@link #source}, and results computed from sources alone,
     * stay in the parameter store's manager; prefer {@link #forward(ParameterStore, boolean,
     * PairList, NDManager)}, which scopes them to the pass.
     */
    static Flow<NDList> forward(ParameterStore parameterStore, boolean training, PairList<String, Object> params) {
        return new ForwardFlow(parameterStore, training, params, null);
    }

    /**
     * The forward pass, with every array a source, a multi-input block or a broadcasting merge
     * makes attached to {@code scope} (the manager of the block's input, closed after the step),
     * so that a weight's view or a const table made on each pass does not pile up in a long-lived
     * manager (a trainer's parameter store manager lives as long as the trainer).
     */
    static Flow<NDList> forward(
            ParameterStore parameterStore, boolean training, PairList<String, Object> params, NDManager scope) {
        return new ForwardFlow(parameterStore, training, params, scope);
    }

    /** Output shapes, computed without any array. */
    static Flow<Shape[]> shapes() {
        return ShapeFlow.SHAPES;
    }

    /** Output shapes, initialising each child on the way with the shape it receives. */
    static Flow<Shape[]> initialize(NDManager manager, DataType dataType) {
        return new InitializeFlow(manager, dataType);
    }
}
