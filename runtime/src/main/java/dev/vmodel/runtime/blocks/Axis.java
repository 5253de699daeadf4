package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.types.Shape;

/**
 * A logical axis of a batched tensor, resolved against its rank.
 *
 * <ul>
 *   <li>{@link #CHANNELS}: axis 1 of an image {@code [B, C, H, W]}; the last axis of tokens {@code
 *       [B, N, D]} and vectors {@code [B, D]}.
 *   <li>{@link #TOKENS}: axis 1 of tokens {@code [B, N, D]}; undefined for other ranks.
 *   <li>{@link #LAST}: the last axis whatever the rank: the channels of a tensor {@code [B, a, b,
 *       ..., D]}, which at rank 4 an image's rule would misread as {@code [B, C, H, W]}.
 * </ul>
 */
public enum Axis {
    /** The channel / feature axis. */
    CHANNELS,
    /** The token (sequence) axis of {@code [B, N, D]}. */
    TOKENS,
    /** The last axis: a tensor's features. */
    LAST;

    /**
     * Returns the concrete axis index for a tensor of the given rank (batch axis included).
     *
     * @param rank the number of dimensions, batch axis included
     * @return the axis index, non-negative
     * @throws IllegalArgumentException if the axis does not exist at that rank
     */
    public int resolve(int rank) {
        if (this == LAST) {
            if (rank < 2) throw new IllegalArgumentException("no feature axis after the batch at rank " + rank);
            return rank - 1;
        }
        if (this == CHANNELS) {
            if (rank == 4) {
                return 1;
            }
            if (rank == 2 || rank == 3) {
                return rank - 1;
            }
            throw new IllegalArgumentException(
                    "channel axis defined for [B,D], [B,N,D] and [B,C,H,W]; got rank " + rank);
        }
        if (rank != 3) {
            throw new IllegalArgumentException("token axis defined for tokens [B,N,D] only; got rank " + rank);
        }
        return 1;
    }

    /**
     * Returns the concrete axis index for a tensor of the given shape.
     *
     * @param shape the shape, batch axis included
     * @return the axis index
     */
    public int resolve(Shape shape) {
        return resolve(shape.dimension());
    }

    /**
     * Returns the shape {@code [1, ..., size, ..., 1]} of the given rank with {@code size} at this
     * axis and 1 elsewhere except the batch axis, i.e. the shape a per-channel vector must take to
     * broadcast against an input of that rank: {@code [D]} for tokens and vectors, {@code [C, 1,
     * 1]} for images.
     *
     * @param rank the rank of the input, batch axis included
     * @param size the length of the per-channel vector
     * @return the broadcastable shape, without the batch axis
     */
    public Shape broadcastShape(int rank, long size) {
        int axis = resolve(rank);
        long[] dims = new long[rank - axis];
        java.util.Arrays.fill(dims, 1L);
        dims[0] = size;
        return new Shape(dims);
    }
}
