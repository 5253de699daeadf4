package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;

/**
 * Splits one tensor into consecutive parts along an {@link Axis}, returning an {@link NDList} of
 * the parts in order.
 *
 * <p>PyTorch reference: {@code torch.split(x, sizes, dim)} (or {@code x.chunk(parts, dim)} for
 * equal parts), e.g. gMLP's {@code u, v = x.chunk(2, dim=-1)}. The channel axis is the last axis of
 * tokens and vectors and axis 1 of images; the token axis is axis 1 of tokens. No parameters.
 * Output shapes: the input shape with the split axis replaced by each part's size.
 */
public class Split extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Axis axis;
    private final long[] sizes;
    private final int parts;

    private Split(Axis axis, long[] sizes, int parts) {
        super(VERSION);
        if (axis == null) {
            throw new IllegalArgumentException("axis must not be null");
        }
        this.axis = axis;
        this.sizes = sizes;
        this.parts = parts;
    }

    /**
     * Splits into parts of the given sizes, which must add up to the axis length.
     *
     * @param axis the axis to split
     * @param sizes the part sizes, each positive
     * @return a new split block
     */
    public static Split sizes(Axis axis, long... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("at least one part size is needed");
        }
        for (long s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException(
                        "part sizes must be positive: " + Arrays.toString(sizes));
            }
        }
        return new Split(axis, sizes.clone(), sizes.length);
    }

    /**
     * Splits into {@code parts} equal parts; the axis length must be divisible by {@code parts}.
     *
     * @param axis the axis to split
     * @param parts the number of parts, positive
     * @return a new split block
     */
    public static Split equal(Axis axis, int parts) {
        if (parts <= 0) {
            throw new IllegalArgumentException("number of parts must be positive, got " + parts);
        }
        return new Split(axis, null, parts);
    }

    /**
     * Splits into two halves, as {@code x.chunk(2, dim)}.
     *
     * @param axis the axis to split
     * @return a new split block
     */
    public static Split halves(Axis axis) {
        return equal(axis, 2);
    }

    /**
     * Returns the logical axis.
     *
     * @return the axis split along
     */
    public Axis getAxis() {
        return axis;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return split(inputs.singletonOrThrow(), axis, sizes, parts);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return splitShapes(inputShapes[0], axis, sizes, parts);
    }

    /**
     * The parts of {@code x} along {@code axis}, without a block (what a dataflow calls on its hot
     * path): parts of the given sizes, or {@code parts} equal parts when {@code sizes} is null.
     *
     * @param x the array to split
     * @param axis the axis to split
     * @param sizes the part sizes, or null for equal parts
     * @param parts the number of equal parts, when {@code sizes} is null
     * @return the parts
     */
    public static NDList split(NDArray x, Axis axis, long[] sizes, int parts) {
        int ax = axis.resolve(x.getShape());
        long[] partSizes = partSizes(x.getShape().get(ax), sizes, parts);
        long[] indices = new long[partSizes.length - 1];
        long at = 0;
        for (int i = 0; i < indices.length; i++) {
            at += partSizes[i];
            indices[i] = at;
        }
        return x.split(indices, ax);
    }

    /**
     * The shapes of the parts {@link #split(NDArray, Axis, long[], int)} returns.
     *
     * @param s the shape to split
     * @param axis the axis to split
     * @param sizes the part sizes, or null for equal parts
     * @param parts the number of equal parts, when {@code sizes} is null
     * @return the part shapes
     */
    public static Shape[] splitShapes(Shape s, Axis axis, long[] sizes, int parts) {
        int ax = axis.resolve(s);
        long[] partSizes = partSizes(s.get(ax), sizes, parts);
        Shape[] out = new Shape[partSizes.length];
        for (int i = 0; i < partSizes.length; i++) {
            long[] dims = s.getShape().clone(); // Shape.getShape() is not a copy
            dims[ax] = partSizes[i];
            out[i] = new Shape(dims);
        }
        return out;
    }

    private static long[] partSizes(long length, long[] sizes, int parts) {
        if (sizes != null) {
            long total = Arrays.stream(sizes).sum();
            if (total != length) {
                throw new IllegalArgumentException(
                        "parts " + Arrays.toString(sizes) + " do not add up to " + length);
            }
            return sizes;
        }
        if (length % parts != 0) {
            throw new IllegalArgumentException(
                    "cannot split " + length + " into " + parts + " equal parts");
        }
        long[] equal = new long[parts];
        Arrays.fill(equal, length / parts);
        return equal;
    }
}
