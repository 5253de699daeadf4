package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.blocks.Axis;
import java.util.Arrays;

/**
 * Splitting a value into parts along an {@link Axis} and concatenating parts back, on arrays and
 * on shapes alike: what a dataflow's {@code split} and {@code concat} run ({@link ForwardFlow},
 * {@link ShapeFlow}), as PyTorch's {@code torch.split(x, sizes, dim)} / {@code x.chunk(parts, dim)}
 * and {@code torch.cat(parts, dim)}.
 */
final class AxisParts {

    private AxisParts() {}

    /**
     * The parts of {@code x} along {@code axis}: parts of the given sizes, or {@code parts} equal
     * parts when {@code sizes} is null.
     *
     * @param x the array to split
     * @param axis the axis to split
     * @param sizes the part sizes, or null for equal parts
     * @param parts the number of equal parts, when {@code sizes} is null
     * @return the parts, in order
     */
    static NDList split(NDArray x, Axis axis, long[] sizes, int parts) {
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
     * The shapes of the parts {@link #split} returns.
     *
     * @param s the shape to split
     * @param axis the axis to split
     * @param sizes the part sizes, or null for equal parts
     * @param parts the number of equal parts, when {@code sizes} is null
     * @return the part shapes
     */
    static Shape[] splitShapes(Shape s, Axis axis, long[] sizes, int parts) {
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

    /**
     * Concatenates along {@code axis}.
     *
     * @param axis the axis
     * @param parts the arrays, at least one
     * @return the concatenation
     */
    static NDArray concat(Axis axis, NDList parts) {
        NDArray first = parts.get(0);
        return parts.size() == 1 ? first : NDArrays.concat(parts, axis.resolve(first.getShape()));
    }

    /**
     * The shape {@link #concat} returns.
     *
     * @param axis the axis
     * @param inputShapes the shapes of the parts, at least one
     * @return the shape of the concatenation
     * @throws IllegalArgumentException if the parts differ on another axis
     */
    static Shape concatShape(Axis axis, Shape... inputShapes) {
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

    private static long[] partSizes(long length, long[] sizes, int parts) {
        if (sizes != null) {
            for (long size : sizes) {
                if (size <= 0) {
                    throw new IllegalArgumentException("part sizes must be positive: " + Arrays.toString(sizes));
                }
            }
            long total = Arrays.stream(sizes).sum();
            if (total != length) {
                throw new IllegalArgumentException("parts " + Arrays.toString(sizes) + " do not add up to " + length);
            }
            return sizes;
        }
        if (parts <= 0 || length % parts != 0) {
            throw new IllegalArgumentException("cannot split " + length + " into " + parts + " equal parts");
        }
        long[] equal = new long[parts];
        Arrays.fill(equal, length / parts);
        return equal;
    }
}
