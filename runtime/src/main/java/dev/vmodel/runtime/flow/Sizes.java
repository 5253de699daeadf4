package dev.vmodel.runtime.flow;

import ai.djl.ndarray.types.Shape;

/**
 * Sizes of a batched value, as a spec names them: {@code tokens} and {@code channels} of tokens
 * {@code [B, N, D]}, {@code channels}, {@code height} and {@code width} of an image
 * {@code [B, C, H, W]}, {@code channels} of a vector {@code [B, D]}.
 */
public final class Sizes {
    private Sizes() {}

    public static long tokens(Shape[] value) {
        Shape s = value[0];
        if (s.dimension() != 3) throw new IllegalArgumentException("tokens of " + s + ": not [B, N, D]");
        return s.get(1);
    }

    public static long channels(Shape[] value) {
        Shape s = value[0];
        return s.dimension() == 4 ? s.get(1) : s.get(s.dimension() - 1);
    }

    /** The features of a tensor {@code [B, a, b, ..., D]}: its last axis, whatever its rank. */
    public static long last(Shape[] value) {
        Shape s = value[0];
        return s.get(s.dimension() - 1);
    }

    public static long height(Shape[] value) {
        return image(value[0]).get(2);
    }

    public static long width(Shape[] value) {
        return image(value[0]).get(3);
    }

    /** The channel axis of a batched value: 1 of an image, the last axis otherwise. */
    public static int channelAxis(Shape[] value) {
        Shape s = value[0];
        return s.dimension() == 4 ? 1 : s.dimension() - 1;
    }

    /** The side of the square grid that {@code tokens} tokens form. */
    public static long gridSide(Shape[] value) {
        long n = tokens(value);
        long side = Math.round(Math.sqrt((double) n));
        if (side * side != n) throw new IllegalArgumentException(n + " tokens do not form a square grid");
        return side;
    }

    /** Padding that keeps the size at stride 1: {@code dilation * (kernel - 1) / 2}. */
    public static long samePadding(long kernel, long dilation) {
        return dilation * (kernel - 1) / 2;
    }

    /** A size as the {@code int} some DJL builders take, failing loudly instead of wrapping. */
    public static int toInt(long size) {
        return Math.toIntExact(size);
    }

    private static Shape image(Shape s) {
        if (s.dimension() != 4) throw new IllegalArgumentException("not an image [B, C, H, W]: " + s);
        return s;
    }
}
