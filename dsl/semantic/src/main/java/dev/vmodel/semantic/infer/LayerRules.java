package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.DOES_NOT_TILE;
import static dev.vmodel.semantic.IssueCodes.HEADS_NOT_DIVIDING;
import static dev.vmodel.semantic.IssueCodes.IMAGE_OP_ON_TOKENS;
import static dev.vmodel.semantic.IssueCodes.INTEGER_OVERFLOW;
import static dev.vmodel.semantic.IssueCodes.SHAPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.SPLIT_NOT_DIVIDING;
import static dev.vmodel.semantic.IssueCodes.TOKEN_OP_ON_IMAGE;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.Cost;
import dev.vmodel.semantic.model.Primitive;
import dev.vmodel.semantic.model.Shape;
import java.util.Map;

/**
 * Shape inference and cost of each built-in layer: the output shape for an input shape, or an
 * error that names both what the layer needs and what it got. Parameter counts follow the
 * PyTorch reference modules exactly (trainable parameters only; batch-norm running statistics
 * are buffers, not parameters). MACs count matmuls and convolutions per example.
 */
public final class LayerRules {
    private LayerRules() {}

    /** The output shape and cost of one layer. */
    public record Result(Shape out, Cost cost) {}

    public static Result apply(Primitive p, Map<String, Value> args, Shape in, SourceLocation at) {
        Args a = new Args(args);
        return switch (p) {
            case LINEAR -> {
                requireTokensOrVector(p, in, at);
                long d = in.channels();
                long out = a.i("out");
                long params = add(mul(d, out), a.b("bias") ? out : 0);
                long rows = in.isTokens() ? in.tokens() : 1;
                yield new Result(in.withChannels(out), new Cost(params, mul(rows, d, out), 0));
            }
            case CONV -> conv(a, in, at);
            case MAX_POOL, AVG_POOL -> {
                requireImage(p, in, at);
                long k = a.i("kernel");
                long s = a.i("stride");
                long pad = padding(a, k, 1, s, at);
                if (pad * 2 > k) {
                    throw new SpecError(BAD_VALUE, p.dslName() + " padding " + pad + " must be at most half the kernel " + k, at);
                }
                long h = window(in.height(), k, s, pad, 1, "height", at);
                long w = window(in.width(), k, s, pad, 1, "width", at);
                yield new Result(Shape.image(in.channels(), h, w), Cost.ZERO);
            }
            case LAYER_NORM -> {
                requireTokensOrVector(p, in, at);
                yield new Result(in, Cost.params(a.b("affine") ? mul(2, in.channels()) : 0));
            }
            case BATCH_NORM -> {
                if (in.isVector()) throw new SpecError(SHAPE_MISMATCH, "batchNorm needs an image or tokens, got " + in, at);
                yield new Result(in, Cost.params(mul(2, in.channels())));
            }
            case GROUP_NORM -> {
                requireImage(p, in, at);
                long g = a.i("groups");
                if (in.channels() % g != 0) {
                    throw new SpecError(SPLIT_NOT_DIVIDING, "groupNorm: " + g + " groups do not divide " + in.channels() + " channels", at);
                }
                yield new Result(in, Cost.params(mul(2, in.channels())));
            }
            case GELU, RELU, SILU, TANH, SIGMOID, SOFTMAX, IDENTITY, DROPOUT, DROP_PATH -> new Result(in, Cost.ZERO);
            case ATTENTION -> {
                requireTokens(p, in, at);
                long d = in.channels();
                long heads = a.i("heads");
                if (d % heads != 0) {
                    throw new SpecError(HEADS_NOT_DIVIDING, "attention: width " + d + " is not divisible by " + heads
                            + " heads (" + d + " / " + heads + " = " + String.format(java.util.Locale.ROOT, "%.2f", (double) d / heads)
                            + "); choose a head count that divides the width, e.g. " + divisorNear(d, heads), at);
                }
                long n = in.tokens();
                long params = add(mul(4, d, d), a.b("qkvBias") ? mul(3, d) : 0, a.b("projBias") ? d : 0);
                yield new Result(in, new Cost(params, mul(4, n, d, d), mul(2, n, n, d)));
            }
            case POS_EMBED -> {
                requireTokens(p, in, at);
                boolean learned = ((Value.Symbol) args.get("kind")).name().equals("learned");
                yield new Result(in, Cost.params(learned ? mul(in.tokens(), in.channels()) : 0));
            }
            case CLASS_TOKEN -> {
                requireTokens(p, in, at);
                yield new Result(Shape.tokens(add(in.tokens(), 1), in.channels()), Cost.params(in.channels()));
            }
            case POOL -> pool(a, in, at);
            case TOKENS -> {
                if (in.isTokens()) {
                    throw new SpecError(IMAGE_OP_ON_TOKENS, "tokens flattens an image, but the value is already " + in, at);
                }
                requireImage(p, in, at);
                yield new Result(Shape.tokens(mul(in.height(), in.width()), in.channels()), Cost.ZERO);
            }
            case GRID -> grid(args, in, at);
            case FLATTEN -> new Result(Shape.vector(in.elements()), Cost.ZERO);
            case SCALE -> new Result(in, Cost.params(in.channels()));
            case AFFINE -> new Result(in, Cost.params(mul(2, in.channels())));
        };
    }

    private static Result conv(Args a, Shape in, SourceLocation at) {
        requireImage(Primitive.CONV, in, at);
        long c = in.channels();
        long out = a.i("out");
        long k = a.i("kernel");
        long s = a.i("stride");
        long g = a.i("groups");
        long dil = a.i("dilation");
        if (c % g != 0 || out % g != 0) {
            throw new SpecError(SPLIT_NOT_DIVIDING, "conv: " + g + " groups must divide both the " + c
                    + " input channels and the " + out + " output channels", at);
        }
        long pad = padding(a, k, dil, s, at);
        long h = window(in.height(), k, s, pad, dil, "height", at);
        long w = window(in.width(), k, s, pad, dil, "width", at);
        long perOutput = mul(c / g, k, k);
        long params = add(mul(out, perOutput), a.b("bias") ? out : 0);
        return new Result(Shape.image(out, h, w), new Cost(params, mul(out, h, w, perOutput), 0));
    }

    private static Result pool(Args a, Shape in, SourceLocation at) {
        String kind = a.sym("kind");
        switch (kind) {
            case "mean", "max" -> {
                if (in.isVector()) throw new SpecError(SHAPE_MISMATCH, "pool(" + kind + ") needs tokens or an image, got " + in, at);
                return new Result(Shape.vector(in.channels()), Cost.ZERO);
            }
            case "cls" -> {
                requireTokens(Primitive.POOL, in, at);
                return new Result(Shape.vector(in.channels()), Cost.ZERO);
            }
            default -> { // seq: softmax(Linear(D -> 1)(x)) over tokens, then the weighted sum
                requireTokens(Primitive.POOL, in, at);
                long n = in.tokens();
                long d = in.channels();
                return new Result(Shape.vector(d), new Cost(add(d, 1), mul(2, n, d), 0));
            }
        }
    }

    private static Result grid(Map<String, Value> args, Shape in, SourceLocation at) {
        if (in.isImage()) throw new SpecError(TOKEN_OP_ON_IMAGE, "grid folds tokens into an image, but the value is already " + in, at);
        requireTokens(Primitive.GRID, in, at);
        long n = in.tokens();
        Value hv = args.get("height");
        Value wv = args.get("width");
        long h;
        long w;
        if (hv == null && wv == null) {
            h = Math.round(Math.sqrt((double) n));
            if (h * h != n) {
                throw new SpecError(SHAPE_MISMATCH, "grid: " + n + " tokens do not form a square; give grid(height = ..., width = ...)", at);
            }
            w = h;
        } else {
            long given = ((Value.Int) (hv != null ? hv : wv)).value();
            if (hv != null && wv != null) {
                h = ((Value.Int) hv).value();
                w = ((Value.Int) wv).value();
            } else if (n % given != 0) {
                throw new SpecError(SHAPE_MISMATCH, "grid: " + given + " does not divide the " + n + " tokens", at);
            } else {
                h = hv != null ? given : n / given;
                w = hv != null ? n / given : given;
            }
            if (mul(h, w) != n) {
                throw new SpecError(SHAPE_MISMATCH, "grid: " + h + " x " + w + " = " + (h * w) + " does not match " + n + " tokens", at);
            }
        }
        return new Result(Shape.image(in.channels(), h, w), Cost.ZERO);
    }

    /** The padding of a conv or pool, resolving {@code same} (stride 1, odd effective kernel). */
    private static long padding(Args a, long k, long dilation, long stride, SourceLocation at) {
        Value p = a.args.get("padding");
        if (p instanceof Value.Symbol) {
            long span = dilation * (k - 1);
            if (stride != 1 || span % 2 != 0) {
                throw new SpecError(BAD_VALUE, "padding 'same' needs stride 1 and an odd kernel, got kernel " + k + ", stride " + stride, at);
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
            throw new SpecError(DOES_NOT_TILE, "kernel " + k + " does not fit the " + axis + " " + size
                    + (pad > 0 ? " (padded to " + padded + ")" : ""), at);
        }
        long out = (padded - span) / stride + 1;
        long covered = (out - 1) * stride + span - pad;
        if (covered < size) {
            throw new SpecError(DOES_NOT_TILE, "kernel " + k + " with stride " + stride + " and padding " + pad
                    + " does not tile the " + axis + " " + size + ": the last " + (size - covered)
                    + " pixel(s) are never read; make the " + axis + " a multiple of the stride or pad it", at);
        }
        return out;
    }

    static void requireImage(Primitive p, Shape in, SourceLocation at) {
        if (in.isTokens()) {
            throw new SpecError(IMAGE_OP_ON_TOKENS, p.dslName() + " needs an image, got " + in
                    + "; fold the tokens into an image with 'grid' first", at);
        }
        if (!in.isImage()) throw new SpecError(SHAPE_MISMATCH, p.dslName() + " needs an image, got " + in, at);
    }

    static void requireTokens(Primitive p, Shape in, SourceLocation at) {
        if (in.isImage()) {
            throw new SpecError(TOKEN_OP_ON_IMAGE, p.dslName() + " needs tokens, got " + in
                    + "; flatten the image into tokens with 'tokens' first", at);
        }
        if (!in.isTokens()) throw new SpecError(SHAPE_MISMATCH, p.dslName() + " needs tokens, got " + in, at);
    }

    static void requireTokensOrVector(Primitive p, Shape in, SourceLocation at) {
        if (in.isImage()) {
            throw new SpecError(TOKEN_OP_ON_IMAGE, p.dslName() + " acts on the last axis of tokens or a vector, got "
                    + in + "; flatten the image into tokens with 'tokens' first", at);
        }
    }

    /** Divisor pairs (i, d / i) tried when suggesting a head count: enough for any real width. */
    static final long MAX_DIVISOR_PROBES = 1_000_000;

    /**
     * The divisor of {@code d} nearest to {@code heads} (the smaller on a tie), found among the
     * pairs (i, d / i) for i up to sqrt(d), at most {@link #MAX_DIVISOR_PROBES} of them: O(sqrt d)
     * and bounded, whatever the numbers.
     */
    static long divisorNear(long d, long heads) {
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

    static long mul(long... xs) {
        long r = 1;
        try {
            for (long x : xs) r = Math.multiplyExact(r, x);
        } catch (ArithmeticException e) {
            throw new SpecError(INTEGER_OVERFLOW, "size overflow: the product of " + java.util.Arrays.toString(xs)
                    + " does not fit in 64 bits", SourceLocation.unknown("?"));
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

    /** Typed access to resolved arguments. */
    private record Args(Map<String, Value> args) {
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
