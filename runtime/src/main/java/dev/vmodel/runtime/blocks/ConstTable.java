package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.EngineArrays;
import java.util.Arrays;

/**
 * A constant table that starts a dataflow, its value at each index tuple given by a function (the
 * spec's {@code const index[49, 49](i, j) = ...}): Swin's relative position index, an attention
 * mask. It takes no input; its output has a leading axis of 1, {@code [1, dims...]}, so that it
 * broadcasts over the batch. {@link DataType#FLOAT32} for values, {@link DataType#INT64} for an
 * index table (for {@link Take}).
 *
 * <p>The values are computed once, when the block is made; each pass copies them into a new array
 * (no parameter, nothing saved, nothing left in the model's manager). PyTorch reference: a tensor
 * registered with {@code register_buffer(..., persistent=False)}, unsqueezed to a leading 1. Run it
 * with {@link dev.vmodel.runtime.flow.Flow#source}.
 */
public class ConstTable extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The value of a table at one index tuple. */
    @FunctionalInterface
    public interface IndexFunction {
        /**
         * Returns the value at {@code index}.
         *
         * @param index one index per axis, each in {@code [0, dims[k])}; the function may keep it
         * @return the value; for an {@link DataType#INT64} table, a whole number
         */
        double at(long[] index);
    }

    private final long[] dims;
    private final DataType dataType;
    private final float[] floats;
    private final long[] longs;

    /**
     * Creates a {@link DataType#FLOAT32} table.
     *
     * @param dims the per-example shape, each at least 1
     * @param values the value at each index tuple
     */
    public ConstTable(long[] dims, IndexFunction values) {
        this(dims, values, DataType.FLOAT32);
    }

    /**
     * Creates a table.
     *
     * @param dims the per-example shape, each at least 1
     * @param values the value at each index tuple
     * @param dataType {@link DataType#FLOAT32}, or {@link DataType#INT64} for an index table
     * @throws IllegalArgumentException for another data type, or a value of an index table that is
     *     not a whole number
     */
    public ConstTable(long[] dims, IndexFunction values, DataType dataType) {
        super(VERSION);
        if (dataType != DataType.FLOAT32 && dataType != DataType.INT64) {
            throw new IllegalArgumentException("a const table is float32 or int64, not " + dataType);
        }
        if (dims.length == 0 || Arrays.stream(dims).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(
                    "a const table needs at least one size, each at least 1; got " + Arrays.toString(dims));
        }
        this.dims = dims.clone();
        this.dataType = dataType;
        long size = new Shape(dims).size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("const table " + Arrays.toString(dims) + " has " + size
                    + " values, more than " + Integer.MAX_VALUE);
        }
        boolean index = dataType == DataType.INT64;
        floats = index ? null : new float[(int) size];
        longs = index ? new long[(int) size] : null;
        long[] at = new long[dims.length];
        for (int i = 0; i < size; i++) {
            double v = values.at(at.clone());
            if (index) {
                if (v != Math.rint(v) || Double.isInfinite(v) || Math.abs(v) > 1L << 53) {
                    throw new IllegalArgumentException("const table " + Arrays.toString(dims) + ": value " + v + " at "
                            + Arrays.toString(at) + " is not a whole number, as an index table needs");
                }
                longs[i] = (long) v;
            } else {
                floats[i] = (float) v;
            }
            next(at, dims);
        }
    }

    /** Advances a row-major index tuple by one. */
    private static void next(long[] at, long[] dims) {
        for (int k = at.length - 1; k >= 0; k--) {
            if (++at[k] < dims[k]) return;
            at[k] = 0;
        }
    }

    /**
     * Returns the per-example shape.
     *
     * @return the sizes, without the leading axis of 1
     */
    public long[] getDims() {
        return dims.clone();
    }

    /**
     * Returns one element, for a later table whose values read this one ({@code band[y]} in a spec).
     *
     * @param index one index per axis
     * @return the element, as stored (a float table's in float precision)
     * @throws IllegalArgumentException if the index is outside the table
     */
    public double at(long... index) {
        if (index.length != dims.length) {
            throw new IllegalArgumentException(
                    "const table " + Arrays.toString(dims) + " indexed with " + index.length + " indices");
        }
        long offset = 0;
        for (int k = 0; k < dims.length; k++) {
            if (index[k] < 0 || index[k] >= dims[k]) {
                throw new IllegalArgumentException(
                        "index " + Arrays.toString(index) + " is outside const table " + Arrays.toString(dims));
            }
            offset = offset * dims[k] + index[k];
        }
        return longs != null ? longs[(int) offset] : floats[(int) offset];
    }

    /**
     * Returns the data type of the table.
     *
     * @return {@link DataType#FLOAT32} or {@link DataType#INT64}
     */
    public DataType getDataType() {
        return dataType;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        SourceInputs.requireNone(inputs.size(), () -> "const table " + Arrays.toString(dims));
        NDManager manager = parameterStore.getManager();
        Shape shape = getOutputShapes(new Shape[0])[0];
        NDArray table =
                longs != null ? EngineArrays.of(manager, longs, shape) : EngineArrays.of(manager, floats, shape);
        return new NDList(table);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        SourceInputs.requireNone(inputShapes.length, () -> "const table " + Arrays.toString(dims));
        return new Shape[] {new Shape(1).addAll(new Shape(dims))};
    }
}
