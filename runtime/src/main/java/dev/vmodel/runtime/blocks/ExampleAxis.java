package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.types.Shape;
import dev.vmodel.semantic.tensor.Axes;

/**
 * A per-example axis as the spec numbers it (0 is the first axis after the batch axis, negative
 * counts from the end), resolved to the full array's axis index.
 */
final class ExampleAxis {

    private ExampleAxis() {}

    /**
     * Returns the index in {@code full} (batch axis first) of per-example axis {@code axis}.
     *
     * @param axis the per-example axis, negative counting from the end
     * @param full the shape, batch axis included
     * @param what the operation, for the message
     * @return the axis index in {@code full}, at least 1
     * @throws IllegalArgumentException if there is no such axis
     */
    static int resolve(int axis, Shape full, String what) {
        int rank = full.dimension() - 1;
        int i = Axes.index(axis, rank);
        if (i < 0) {
            throw new IllegalArgumentException(what + ": axis " + axis + " does not exist in " + full + ", which has "
                    + Math.max(rank, 0) + " axes after the batch axis");
        }
        return i + 1;
    }

    /** The full shape with axis {@code index} replaced by {@code size}. */
    static Shape withSize(Shape full, int index, long size) {
        long[] dims = full.getShape().clone();
        dims[index] = size;
        return new Shape(dims);
    }
}
