package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * Rows of a table picked by an integer index table: {@code out[..i.., ..r..] = table[index[..i..],
 * ..r..]} over the first per-example axis of the table, so the per-example output shape is {@code
 * index.shape ++ table.shape[1:]} (Swin's relative position bias: a {@code [169, heads]} table and
 * a {@code [49, 49]} index give {@code [49, 49, heads]}). The index is a const ({@link ConstTable},
 * {@link DataType#INT64}) with a batch axis of 1; the table's batch axis (1 for a weight) is kept.
 * Gradients flow to the table.
 *
 * <p>PyTorch reference: {@code table[:, index[0]]}, i.e. {@code table[index]} per example. No
 * parameters. Run it with {@link dev.vmodel.runtime.flow.Flow#applyAll}, table first. An index
 * outside the table is reported by the engine.
 */
public class Take extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates a take. */
    public Take() {
        super(VERSION);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        Shape out = outputShape(inputs.getShapes());
        NDArray table = inputs.get(0);
        NDArray index = inputs.get(1);
        if (index.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException("take needs an int64 index table, got " + index.getDataType());
        }
        Shape t = table.getShape();
        long rows = index.getShape().size();
        // gather wants the index shaped like its output: [batch, rows, rest...] of the table.
        long[] flat = new long[t.dimension()];
        Arrays.fill(flat, 1L);
        flat[1] = rows;
        long[] expanded = t.getShape().clone();
        expanded[1] = rows;
        NDArray at = index.reshape(new Shape(flat)).broadcast(new Shape(expanded));
        return new NDList(table.gather(at, 1).reshape(out));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(inputShapes)};
    }

    private static Shape outputShape(Shape[] inputs) {
        if (inputs.length != 2) {
            throw new IllegalArgumentException("take needs a table and an index, got " + inputs.length + " inputs");
        }
        Shape table = inputs[0];
        Shape index = inputs[1];
        if (table.dimension() < 2) {
            throw new IllegalArgumentException(
                    "take needs a table with an axis of rows after the batch axis, got " + table);
        }
        if (index.dimension() < 2 || index.get(0) != 1) {
            throw new IllegalArgumentException(
                    "take needs a const index table [1, ...], got " + index + " (with the table " + table + ")");
        }
        long[] dims = new long[index.dimension() + table.dimension() - 2];
        dims[0] = table.get(0);
        System.arraycopy(index.getShape(), 1, dims, 1, index.dimension() - 1);
        System.arraycopy(table.getShape(), 2, dims, index.dimension(), table.dimension() - 2);
        return new Shape(dims);
    }
}
