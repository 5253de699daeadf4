package dev.vmodel.semantic.model;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.DOES_NOT_TILE;
import static dev.vmodel.semantic.IssueCodes.IMAGE_OP_ON_TOKENS;
import static dev.vmodel.semantic.IssueCodes.INTEGER_OVERFLOW;
import static dev.vmodel.semantic.IssueCodes.SHAPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.TOKEN_OP_ON_IMAGE;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import java.util.Map;

/**
 * What the shape rules of several primitives share ({@link Primitive#infer}): the layout a layer
 * needs, sliding windows, padding, and sizes that must not overflow. Errors name both what the
 * layer needs and what it got.
 */
public final class LayerChecks {
    private LayerChecks() {}

    /** The padding of a conv or pool, resolving {@code same} (stride 1, odd effective kernel). */
    static long padding(Args a, long k, long dilation, long stride, SourceLocation at) {
        Value p = a.args().get("padding");
        if (p instanceof Value.Symbol) {
            long span = dilation * (k - 1);
            if (stride != 1 || span % 2 != 0) {
                throw new SpecError(
                        BAD_VALUE,
                        "padding 'same' needs stride 1 and an odd kernel, got kernel " + k + ", stride " + stride,
                        at);
            }
            return span / 2;
        }
        return ((Value.Int) p).value();
    }

    /**
     * Output size of a sliding window along one axis, as PyTorch computes it, after checking that
     * the windows fit and cover every input pixel (a patch size that does not divide the image
     * silently drops the last rows in PyTorch; here it is an error).
     */
    public static long window(long size, long k, long stride, long pad, long dilation, String axis, SourceLocation at) {
        long span = add(mul(dilation, k - 1), 1);
        long padded = add(size, mul(2, pad));
        if (padded < span) {
            throw new SpecError(
                    DOES_NOT_TILE,
                    "kernel " + k + " does not fit the " + axis + " " + size
                            + (pad > 0 ? " (padded to " + padded + ")" : ""),
                    at);
        }
        long out = (padded - span) / stride + 1;
        long covered = (out - 1) * stride + span - pad;
        if (covered < size) {
            throw new SpecError(
                    DOES_NOT_TILE,
                    "kernel " + k + " with stride " + stride + " and padding " + pad
                            + " does not tile the " + axis + " " + size + ": the last " + (size - covered)
                            + " pixel(s) are never read; make the " + axis + " a multiple of the stride or pad it",
                    at);
        }
        return out;
    }

    static void requireImage(Primitive p, Shape in, SourceLocation at) {
        if (in.isTokens()) {
            throw new SpecError(
                    IMAGE_OP_ON_TOKENS,
                    p.dslName() + " needs an image, got " + in + "; fold the tokens into an image with 'grid' first",
                    at);
        }
        if (!in.isImage()) throw new SpecError(SHAPE_MISMATCH, p.dslName() + " needs an image, got " + in, at);
    }

    static void requireTokens(Primitive p, Shape in, SourceLocation at) {
        if (in.isImage()) {
            throw new SpecError(
                    TOKEN_OP_ON_IMAGE,
                    p.dslName() + " needs tokens, got " + in + "; flatten the image into tokens with 'tokens' first",
                    at);
        }
        if (!in.isTokens()) throw new SpecError(SHAPE_MISMATCH, p.dslName() + " needs tokens, got " + in, at);
    }

    /**
     * Per-channel layers find the channels by the value's layout; on a tensor (of more than two
     * axes, features last) the runtime could not tell it from an image, so it is refused, not misread.
     */
    static void requireNotTensor(Primitive p, Shape in, SourceLocation at) {
        if (in.isTensor()) {
            throw new SpecError(
                    SHAPE_MISMATCH,
                    p.dslName() + " needs tokens, a vector or an image, got " + in
                            + "; rearrange the tensor into tokens first, e.g. rearrange(\"h w c -> (h w) c\")",
                    at);
        }
    }

    static void requireTokensOrVector(Primitive p, Shape in, SourceLocation at) {
        if (in.isImage()) {
            throw new SpecError(
                    TOKEN_OP_ON_IMAGE,
                    p.dslName() + " acts on the last axis of tokens or a vector, got " + in
                            + "; flatten the image into tokens with 'tokens' first",
                    at);
        }
    }

    /** Divisor pairs (i, d / i) tried when suggesting a head count: enough for any real width. */
    static final long MAX_DIVISOR_PROBES = 1_000_000;

    /**
     * The divisor of {@code d} nearest to {@code heads} (the smaller on a tie), found among the
     * pairs (i, d / i) for i up to sqrt(d), at most {@link #MAX_DIVISOR_PROBES} of them: O(sqrt d)
     * and bounded, whatever the numbers.
     */
    public static long divisorNear(long d, long heads) {
        long best = 1;
        for (long i = 1; i <= d / i && i <= MAX_DIVISOR_PROBES; i++) {
            if (d % i != 0) continue;
            for (long c : new long[] {i, d / i}) {
                long distance = Math.abs(c - heads);
                long bestDistance = Math.abs(best - heads);
                if (distance < bestDistance || (distance == bestDistance && c < best)) best = c;
            }
        }
        return best;
    }

    /**
     * The product, or an {@link dev.vmodel.semantic.IssueCodes#INTEGER_OVERFLOW} error located at
     * {@code ?:1:1}, which the caller moves to the layer.
     */
    static long mul(long... xs) {
        long r = 1;
        try {
            for (long x : xs) r = Math.multiplyExact(r, x);
        } catch (ArithmeticException e) {
            throw new SpecError(
                    INTEGER_OVERFLOW,
                    "size overflow: the product of " + java.util.Arrays.toString(xs) + " does not fit in 64 bits",
                    SourceLocation.unknown("?"));
        }
        return r;
    }

    static long add(long... xs) {
        long r = 0;
        try {
            for (long x : xs) r = Math.addExact(r, x);
        } catch (ArithmeticException e) {
            throw new SpecError(INTEGER_OVERFLOW, "size overflow in a sum", SourceLocation.unknown("?"));
        }
        return r;
    }

    /** Typed access to a layer's resolved arguments. */
    record Args(Map<String, Value> args) {
        long i(String name) {
            return ((Value.Int) args.get(name)).value();
        }

        boolean b(String name) {
            return ((Value.Bool) args.get(name)).value();
        }

        String sym(String name) {
            return ((Value.Symbol) args.get(name)).name();
        }
    }
}
