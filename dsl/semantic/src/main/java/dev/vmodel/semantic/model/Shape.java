package dev.vmodel.semantic.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one example (no batch axis): {@code image[C,H,W]}, {@code tokens[N,D]},
 * {@code vector[D]} or {@code tensor[a,b,...,D]} (three or more axes, features last).
 */
public record Shape(ShapeKind kind, List<Long> dims) {

    public Shape {
        dims = List.copyOf(dims);
        int expected = switch (kind) {
            case IMAGE -> 3;
            case TOKENS -> 2;
            case VECTOR -> 1;
            case TENSOR -> Math.max(3, dims.size());
        };
        if (dims.size() != expected) {
            throw new IllegalArgumentException(kind.word() + " needs " + expected + " dims, got " + dims);
        }
    }

    public static Shape image(long c, long h, long w) {
        return new Shape(ShapeKind.IMAGE, List.of(c, h, w));
    }

    public static Shape tokens(long n, long d) {
        return new Shape(ShapeKind.TOKENS, List.of(n, d));
    }

    public static Shape vector(long d) {
        return new Shape(ShapeKind.VECTOR, List.of(d));
    }

    /**
     * A features-last shape of these sizes: a vector for one axis, tokens for two, else a tensor
     * (never an image: {@code grid} makes one from tokens). What every tensor construct yields.
     */
    public static Shape of(long... dims) {
        List<Long> list = java.util.Arrays.stream(dims).boxed().toList();
        return switch (dims.length) {
            case 1 -> new Shape(ShapeKind.VECTOR, list);
            case 2 -> new Shape(ShapeKind.TOKENS, list);
            default -> new Shape(ShapeKind.TENSOR, list);
        };
    }

    /** Three or more axes, features last. */
    public boolean isTensor() {
        return kind == ShapeKind.TENSOR;
    }

    /** The number of axes (batch excluded). */
    public int rank() {
        return dims.size();
    }

    public boolean isImage() {
        return kind == ShapeKind.IMAGE;
    }

    public boolean isTokens() {
        return kind == ShapeKind.TOKENS;
    }

    public boolean isVector() {
        return kind == ShapeKind.VECTOR;
    }

    /** The feature size: C of an image, the last axis of anything else. */
    public long channels() {
        return kind == ShapeKind.IMAGE ? dims.get(0) : dims.get(dims.size() - 1);
    }

    /** N of tokens; only meaningful for {@link ShapeKind#TOKENS}. */
    public long tokens() {
        return dims.get(0);
    }

    public long height() {
        return dims.get(1);
    }

    public long width() {
        return dims.get(2);
    }

    /** Number of scalars in one example. */
    public long elements() {
        long n = 1;
        for (long d : dims) n = Math.multiplyExact(n, d);
        return n;
    }

    /** The same kind of shape with a new feature size. */
    public Shape withChannels(long c) {
        return switch (kind) {
            case IMAGE -> image(c, height(), width());
            case TOKENS -> tokens(tokens(), c);
            case VECTOR -> vector(c);
            case TENSOR -> {
                long[] d = toArray();
                d[d.length - 1] = c;
                yield of(d);
            }
        };
    }

    /** The dims as a plain array, batch axis excluded, in the order a framework lays them out. */
    public long[] toArray() {
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public String toString() {
        return kind.word() + dims.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }
}
