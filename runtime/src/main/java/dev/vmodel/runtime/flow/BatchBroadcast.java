package dev.vmodel.runtime.flow;

import ai.djl.ndarray.types.Shape;
import dev.vmodel.semantic.tensor.Broadcast;
import dev.vmodel.semantic.tensor.PatternException;
import java.util.Arrays;

/**
 * The broadcasting of the element-wise merges on full shapes (batch axis first): the per-example
 * parts broadcast as {@link Broadcast#shape} says (right-aligned, as in the spec), the batch axes
 * must be equal or one of them 1 (a weight or const against a batch), and the lower-rank operand
 * gets its size-1 axes right after its batch axis, so its batch axis stays first.
 */
final class BatchBroadcast {

    private BatchBroadcast() {}

    /**
     * The shape of {@code op(a, b)}.
     *
     * @throws IllegalArgumentException naming both shapes when they do not broadcast
     */
    static Shape shape(String op, Shape a, Shape b) {
        if (a.dimension() < 1 || b.dimension() < 1) {
            throw new IllegalArgumentException("cannot " + op + " " + a + " and " + b + ": both need a batch axis");
        }
        long batchA = a.get(0);
        long batchB = b.get(0);
        if (batchA != batchB && batchA != 1 && batchB != 1) {
            throw new IllegalArgumentException(
                    "cannot " + op + " " + a + " and " + b + ": batch " + batchA + " against batch " + batchB);
        }
        long[] perExample;
        try {
            perExample = Broadcast.shape(tail(a), tail(b));
        } catch (PatternException e) {
            throw new IllegalArgumentException("cannot " + op + " " + a + " and " + b + ": " + e.getMessage());
        }
        long[] dims = new long[perExample.length + 1];
        dims[0] = Math.max(batchA, batchB);
        System.arraycopy(perExample, 0, dims, 1, perExample.length);
        return new Shape(dims);
    }

    /** {@code s} with size-1 axes inserted right after its batch axis until it has {@code rank} axes. */
    static Shape aligned(Shape s, int rank) {
        if (s.dimension() == rank) {
            return s;
        }
        long[] dims = new long[rank];
        Arrays.fill(dims, 1L);
        dims[0] = s.get(0);
        long[] tail = tail(s);
        System.arraycopy(tail, 0, dims, rank - tail.length, tail.length);
        return new Shape(dims);
    }

    private static long[] tail(Shape s) {
        return Arrays.copyOfRange(s.getShape(), 1, s.dimension());
    }
}
