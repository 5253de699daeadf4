package dev.vmodel.runtime.init;

import ai.djl.ndarray.types.Shape;

/**
 * Fan computation as PyTorch's {@code torch.nn.init._calculate_fan_in_and_fan_out}: for a weight of
 * shape {@code [out, in, k1, k2, ...]}, {@code fan_in = in × k1 × k2 × ...} and {@code fan_out =
 * out × k1 × k2 × ...}. A Linear weight {@code [out, in]} has {@code fan_in = in}; a grouped
 * convolution weight {@code [out, in/groups, kh, kw]} has {@code fan_in = in/groups × kh × kw}.
 */
public final class Fans {

    private Fans() {}

    /**
     * Returns {@code fan_in}.
     *
     * @param shape a weight shape with at least two axes
     * @return the fan-in
     * @throws IllegalArgumentException for fewer than two axes (as PyTorch)
     */
    public static long fanIn(Shape shape) {
        check(shape);
        return shape.get(1) * receptiveField(shape);
    }

    /**
     * Returns {@code fan_out}.
     *
     * @param shape a weight shape with at least two axes
     * @return the fan-out
     * @throws IllegalArgumentException for fewer than two axes (as PyTorch)
     */
    public static long fanOut(Shape shape) {
        check(shape);
        return shape.get(0) * receptiveField(shape);
    }

    /**
     * Returns the receptive-field size {@code k1 × k2 × ...} (1 for a two-axis weight).
     *
     * @param shape a weight shape with at least two axes
     * @return the product of the axes after the first two
     */
    public static long receptiveField(Shape shape) {
        check(shape);
        long r = 1;
        for (int i = 2; i < shape.dimension(); i++) {
            r *= shape.get(i);
        }
        return r;
    }

    private static void check(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "fan in and fan out cannot be computed for a tensor with fewer than 2" + " dimensions: " + shape);
        }
    }
}
