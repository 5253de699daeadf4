package dev.vmodel.semantic.tensor;

import java.util.Arrays;

/**
 * Numpy broadcasting of per-example shapes (no batch axis): the shapes are right-aligned, the
 * result has the larger rank, and each pair of axes must be equal or one of them 1. The runtime
 * aligns ranks the same way by inserting size-1 axes right after the batch axis of the lower-rank
 * operand, which is {@link #aligned(long[], int)} applied to the per-example part.
 */
public final class Broadcast {
    private Broadcast() {}

    /** The broadcast shape of {@code a} and {@code b}, or an error naming both shapes and the axis. */
    public static long[] shape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] x = aligned(a, rank);
        long[] y = aligned(b, rank);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            if (x[i] == y[i] || y[i] == 1) {
                out[i] = x[i];
            } else if (x[i] == 1) {
                out[i] = y[i];
            } else {
                throw new PatternException(Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast: axis " + i + " of the result is " + x[i] + " in one and " + y[i]
                        + " in the other (each pair must be equal or one of them 1)");
            }
        }
        return out;
    }

    /** {@code shape} with size-1 axes put in front until it has {@code rank} axes. */
    public static long[] aligned(long[] shape, int rank) {
        if (shape.length > rank) {
            throw new IllegalArgumentException(Arrays.toString(shape) + " has more than " + rank + " axes");
        }
        long[] out = new long[rank];
        Arrays.fill(out, 0, rank - shape.length, 1L);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }
}
