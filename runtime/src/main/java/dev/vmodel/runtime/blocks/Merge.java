package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Merges an {@link NDList} of tensors into one.
 *
 * <ul>
 *   <li>{@link Op#ADD}: {@code a + b + ...}; {@link Op#SUBTRACT}: {@code a - b - ...} (left to
 *       right); {@link Op#MULTIPLY}: {@code a * b * ...}. Element-wise with PyTorch broadcasting;
 *       output shape is the broadcast shape.
 *   <li>{@link Op#CONCAT}: {@code torch.cat([a, b, ...], dim)} along an {@link Axis}; the other
 *       axes must agree.
 * </ul>
 *
 * <p>No parameters. gMLP's gating {@code u * v} is {@code Merge.of(Op.MULTIPLY)} over {@code (u,
 * v)}.
 */
public class Merge extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The merge operation. */
    public enum Op {
        /** Element-wise sum. */
        ADD,
        /** Element-wise difference, first minus the rest. */
        SUBTRACT,
        /** Element-wise product. */
        MULTIPLY,
        /** Concatenation along an axis. */
        CONCAT
    }

    private final Op op;
    private final Axis axis;

    /**
     * Creates a merge.
     *
     * @param op the operation
     * @param axis the concatenation axis; ignored (may be null) for element-wise operations
     */
    public Merge(Op op, Axis axis) {
        super(VERSION);
        if (op == null) {
            throw new IllegalArgumentException("op must not be null");
        }
        if (op == Op.CONCAT && axis == null) {
            throw new IllegalArgumentException("concatenation needs an axis");
        }
        this.op = op;
        this.axis = axis;
    }

    /**
     * Creates an element-wise merge.
     *
     * @param op {@link Op#ADD}, {@link Op#SUBTRACT} or {@link Op#MULTIPLY}
     * @return a new merge block
     */
    public static Merge of(Op op) {
        if (op == Op.CONCAT) {
            throw new IllegalArgumentException("concatenation needs an axis: use concat(axis)");
        }
        return new Merge(op, null);
    }

    /**
     * Creates a concatenation.
     *
     * @param axis the axis to concatenate along
     * @return a new merge block
     */
    public static Merge concat(Axis axis) {
        return new Merge(Op.CONCAT, axis);
    }

    /**
     * Returns the operation.
     *
     * @return the merge operation
     */
    public Op getOp() {
        return op;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        NDArray acc = inputs.get(0);
        if (op == Op.CONCAT) {
            return new NDList(concat(axis, inputs));
        }
        for (int i = 1; i < inputs.size(); i++) {
            NDArray next = inputs.get(i);
            switch (op) {
                case ADD:
                    acc = acc.add(next);
                    break;
                case SUBTRACT:
                    acc = acc.sub(next);
                    break;
                case MULTIPLY:
                    acc = acc.mul(next);
                    break;
                default:
                    throw new IllegalStateException("unknown op " + op);
            }
        }
        return new NDList(acc);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length == 0) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Shape first = inputShapes[0];
        if (op == Op.CONCAT) {
            return new Shape[] {concatShape(axis, inputShapes)};
        }
        Shape out = first;
        for (int i = 1; i < inputShapes.length; i++) {
            out = broadcast(out, inputShapes[i]);
        }
        return new Shape[] {out};
    }

    /**
     * Concatenates along {@code axis}, without a block (what a dataflow calls on its hot path).
     *
     * @param axis the axis
     * @param parts the arrays, at least one
     * @return the concatenation
     */
    public static NDArray concat(Axis axis, NDList parts) {
        NDArray first = parts.get(0);
        return parts.size() == 1 ? first : NDArrays.concat(parts, axis.resolve(first.getShape()));
    }

    /**
     * The shape {@link #concat(Axis, NDList)} returns.
     *
     * @param axis the axis
     * @param inputShapes the shapes of the parts, at least one
     * @return the shape of the concatenation
     */
    public static Shape concatShape(Axis axis, Shape... inputShapes) {
        Shape first = inputShapes[0];
        int ax = axis.resolve(first);
        long[] dims = first.getShape().clone(); // Shape.getShape() is not a copy
        for (int i = 1; i < inputShapes.length; i++) {
            Shape s = inputShapes[i];
            if (s.dimension() != first.dimension()) {
                throw new IllegalArgumentException("cannot concatenate " + first + " and " + s);
            }
            for (int d = 0; d < dims.length; d++) {
                if (d != ax && s.get(d) != first.get(d)) {
                    throw new IllegalArgumentException(
                            "cannot concatenate " + first + " and " + s + " along axis " + ax);
                }
            }
            dims[ax] += s.get(ax);
        }
        return new Shape(dims);
    }

    /** PyTorch / NumPy broadcasting of two shapes. */
    static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.dimension(), b.dimension());
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            int ia = a.dimension() - rank + i;
            int ib = b.dimension() - rank + i;
            long da = ia >= 0 ? a.get(ia) : 1;
            long db = ib >= 0 ? b.get(ib) : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("cannot broadcast " + a + " and " + b);
            }
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }
}
