package dev.vmodel.semantic.tensor;

/**
 * How the spec numbers axes and slices, in one place for the validator and the DJL blocks: a
 * per-example axis counts from 0 (the first axis after the batch axis) or, when negative, from the
 * end; a slice's bounds are Python's ({@code x[start:end:step]}, negative from the end, clamped).
 */
public final class Axes {
    private Axes() {}

    /** The index of {@code axis} among {@code rank} axes, or -1 when there is no such axis. */
    public static int index(long axis, int rank) {
        if (axis < -rank || axis >= rank) return -1;
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /**
     * The elements {@code start:end:step} of an axis of {@code size}: {from, to, count}, count 0
     * when the slice keeps nothing.
     *
     * @param end the end, or null for the axis' end
     */
    public static long[] slice(long start, Long end, long step, long size) {
        long from = bound(start, size);
        long to = end == null ? size : bound(end, size);
        long count = to > from ? (to - from + step - 1) / step : 0;
        return new long[] {from, to, count};
    }

    private static long bound(long i, long size) {
        long b = i < 0 ? i + size : i;
        return Math.max(0, Math.min(size, b));
    }
}
