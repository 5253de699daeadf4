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

    /** Element-wise {@code a + b} (a residual connection). */
    T add(T a, T b);

    /** Element-wise {@code a - b}. */
    T subtract(T a, T b);

    /** Element-wise {@code a * b} (a gate). */
    T multiply(T a, T b);

    /** Concatenation along an axis. */
    T concat(Axis axis, List<T> parts);

    /** Parts of the given sizes along an axis. */
    List<T> split(T x, Axis axis, long... sizes);

    /** {@code parts} equal parts along an axis (the size is known only at run time). */
    List<T> splitEqual(T x, Axis axis, int parts);

    /** {@code [B, N, D] <-> [B, D, N]}: in and out of mixing along the token axis. */
    T transposeTokens(T x);

    /** The forward pass. */
    static Flow<NDList> forward(ParameterStore parameterStore, boolean training, PairList<String, Object> params) {
        return new ForwardFlow(parameterStore, training, params);
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
