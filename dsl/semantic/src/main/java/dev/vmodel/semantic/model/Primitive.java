package dev.vmodel.semantic.model;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.HEADS_NOT_DIVIDING;
import static dev.vmodel.semantic.IssueCodes.IMAGE_OP_ON_TOKENS;
import static dev.vmodel.semantic.IssueCodes.SHAPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.SPLIT_NOT_DIVIDING;
import static dev.vmodel.semantic.IssueCodes.TOKEN_OP_ON_IMAGE;
import static dev.vmodel.semantic.model.LayerChecks.add;
import static dev.vmodel.semantic.model.LayerChecks.divisorNear;
import static dev.vmodel.semantic.model.LayerChecks.mul;
import static dev.vmodel.semantic.model.LayerChecks.padding;
import static dev.vmodel.semantic.model.LayerChecks.requireImage;
import static dev.vmodel.semantic.model.LayerChecks.requireNotTensor;
import static dev.vmodel.semantic.model.LayerChecks.requireTokens;
import static dev.vmodel.semantic.model.LayerChecks.requireTokensOrVector;
import static dev.vmodel.semantic.model.LayerChecks.window;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.LayerChecks.Args;
import dev.vmodel.semantic.tensor.Axes;
import dev.vmodel.semantic.tensor.EinopsPattern;
import dev.vmodel.semantic.tensor.PatternException;
import dev.vmodel.semantic.tensor.Rearrangement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in layers, each in one place: its signature (argument names in positional order, what
 * each accepts and its default) and its rule (the output shape for an input shape, or an error
 * that names both what the layer needs and what it got, and its cost). Parameter counts follow
 * the PyTorch reference modules exactly (trainable parameters only; batch-norm running statistics
 * are buffers, not parameters). MACs count matmuls and convolutions per example.
 */
public enum Primitive {
    LINEAR(
            "linear",
            "a fully connected layer on the last axis",
            req("out", ArgKind.SIZE),
            opt("bias", ArgKind.BOOL, new Value.Bool(true)),
            opt("init", ArgKind.INIT, Value.Init.of("default")),
            opt("biasInit", ArgKind.INIT, Value.Init.of("default"))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireTokensOrVector(this, in, at);
            long d = in.channels();
            long out = a.i("out");
            long params = add(mul(d, out), a.b("bias") ? out : 0);
            long rows = in.elements() / d;
            return new Result(in.withChannels(out), new Cost(params, mul(rows, d, out), 0));
        }
    },
    CONV(
            "conv",
            "a 2-d convolution",
            req("out", ArgKind.SIZE),
            req("kernel", ArgKind.SIZE),
            opt("stride", ArgKind.SIZE, new Value.Int(1)),
            opt("padding", ArgKind.PADDING, new Value.Int(0)),
            opt("groups", ArgKind.SIZE, new Value.Int(1)),
            opt("dilation", ArgKind.SIZE, new Value.Int(1)),
            opt("bias", ArgKind.BOOL, new Value.Bool(true)),
            opt("init", ArgKind.INIT, Value.Init.of("default")),
            opt("biasInit", ArgKind.INIT, Value.Init.of("default"))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireImage(this, in, at);
            long c = in.channels();
            long out = a.i("out");
            long k = a.i("kernel");
            long s = a.i("stride");
            long g = a.i("groups");
            long dil = a.i("dilation");
            if (c % g != 0 || out % g != 0) {
                throw new SpecError(
                        SPLIT_NOT_DIVIDING,
                        "conv: " + g + " groups must divide both the " + c + " input channels and the " + out
                                + " output channels",
                        at);
            }
            long pad = padding(a, k, dil, s, at);
            long h = window(in.height(), k, s, pad, dil, "height", at);
            long w = window(in.width(), k, s, pad, dil, "width", at);
            long perOutput = mul(c / g, k, k);
            long params = add(mul(out, perOutput), a.b("bias") ? out : 0);
            return new Result(Shape.image(out, h, w), new Cost(params, mul(out, h, w, perOutput), 0));
        }
    },
    MAX_POOL(
            "maxPool",
            "2-d max pooling",
            req("kernel", ArgKind.SIZE),
            sameAs("stride", ArgKind.SIZE, "kernel"),
            opt("padding", ArgKind.PADDING, new Value.Int(0))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            return pool2d(this, a, in, at);
        }
    },
    AVG_POOL(
            "avgPool",
            "2-d average pooling",
            req("kernel", ArgKind.SIZE),
            sameAs("stride", ArgKind.SIZE, "kernel"),
            opt("padding", ArgKind.PADDING, new Value.Int(0)),
            opt("countPadding", ArgKind.BOOL, new Value.Bool(true))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            return pool2d(this, a, in, at);
        }
    },
    LAYER_NORM(
            "layerNorm",
            "layer normalisation over the last axis",
            opt("eps", ArgKind.POSITIVE, new Value.Real(1e-5)),
            opt("affine", ArgKind.BOOL, new Value.Bool(true))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireTokensOrVector(this, in, at);
            return new Result(in, Cost.params(a.b("affine") ? mul(2, in.channels()) : 0));
        }
    },
    BATCH_NORM(
            "batchNorm",
            "batch normalisation over the channels",
            opt("eps", ArgKind.POSITIVE, new Value.Real(1e-5)),
            opt("momentum", ArgKind.PROBABILITY, new Value.Real(0.1))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            if (in.isVector() || in.isTensor())
                throw new SpecError(SHAPE_MISMATCH, "batchNorm needs an image or tokens, got " + in, at);
            return new Result(in, Cost.params(mul(2, in.channels())));
        }
    },
    GROUP_NORM(
            "groupNorm",
            "group normalisation of an image",
            req("groups", ArgKind.SIZE),
            opt("eps", ArgKind.POSITIVE, new Value.Real(1e-5))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireImage(this, in, at);
            long g = a.i("groups");
            if (in.channels() % g != 0) {
                throw new SpecError(
                        SPLIT_NOT_DIVIDING,
                        "groupNorm: " + g + " groups do not divide " + in.channels() + " channels",
                        at);
            }
            return new Result(in, Cost.params(mul(2, in.channels())));
        }
    },
    GELU("gelu", "exact (erf) GELU"),
    RELU("relu", "ReLU"),
    SILU("silu", "SiLU (swish)"),
    TANH("tanh", "tanh"),
    SIGMOID("sigmoid", "logistic sigmoid"),
    SOFTMAX("softmax", "softmax over the last axis"),
    HARD_SWISH("hardSwish", "hard swish: x * relu6(x + 3) / 6"),
    TIMES("times", "multiplies by a constant", req("factor", ArgKind.NUMBER)),
    L2NORM("l2norm", "divides by the L2 norm over the last axis", opt("eps", ArgKind.POSITIVE, new Value.Real(1e-12))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireTokensOrVector(this, in, at);
            return unchanged(in);
        }
    },
    /**
     * {@code rearrange("(h w) c -> h w c", h = 56)}: einops' rearrange over the axes of one example.
     * Its arguments are the pattern and, by name, the sizes of pattern axes it cannot infer.
     */
    REARRANGE("rearrange", "splits, merges and reorders axes by an einops pattern", req("pattern", ArgKind.TEXT)) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            Map<String, Long> sizes = new java.util.LinkedHashMap<>();
            a.args().forEach((name, v) -> {
                if (!name.equals("pattern")) sizes.put(name, ((Value.Int) v).value());
            });
            String pattern = ((Value.Text) a.args().get("pattern")).value();
            try {
                Rearrangement r = EinopsPattern.parse(pattern).rearrange(in.toArray(), sizes);
                return new Result(Shape.of(r.out()), Cost.ZERO);
            } catch (PatternException e) {
                // The message names the pattern and the sizes; a reading error gets the shape too.
                String m = e.getMessage();
                throw new SpecError(
                        SHAPE_MISMATCH,
                        m.startsWith("rearrange ") ? m : "rearrange \"" + pattern + "\" of " + in + ": " + m,
                        at);
            }
        }
    },
    ROLL(
            "roll",
            "shifts cyclically along one axis (torch.roll)",
            req("shift", ArgKind.INTEGER),
            opt("axis", ArgKind.INTEGER, new Value.Int(0))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            axis(this, a.i("axis"), in, at);
            return unchanged(in);
        }
    },
    SLICE(
            "slice",
            "the elements start, start + step, ... before end along one axis (Python's x[start:end:step])",
            req("start", ArgKind.INTEGER),
            opt("end", ArgKind.INTEGER, null),
            opt("axis", ArgKind.INTEGER, new Value.Int(0)),
            opt("step", ArgKind.SIZE, new Value.Int(1))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            int axis = axis(this, a.i("axis"), in, at);
            long size = in.dims().get(axis);
            Long end = a.args().get("end") == null ? null : a.i("end");
            long count = Axes.slice(a.i("start"), end, a.i("step"), size)[2];
            if (count == 0) {
                throw new SpecError(
                        SHAPE_MISMATCH,
                        "slice keeps nothing of axis " + axis + " (size " + size + ") of " + in + ": start "
                                + a.i("start") + ", end " + (end == null ? size : end),
                        at);
            }
            long[] dims = in.toArray();
            dims[axis] = count;
            return new Result(
                    new Shape(in.kind(), java.util.Arrays.stream(dims).boxed().toList()), Cost.ZERO);
        }
    },
    IDENTITY("identity", "passes its input through"),
    DROPOUT("dropout", "dropout", req("p", ArgKind.PROBABILITY)),
    DROP_PATH(
            "dropPath",
            "stochastic depth: drops the whole residual branch per example",
            req("p", ArgKind.PROBABILITY)) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            return unchanged(in);
        }
    },
    ATTENTION(
            "attention",
            "multi-head self-attention",
            req("heads", ArgKind.SIZE),
            opt("qkvBias", ArgKind.BOOL, new Value.Bool(false)),
            opt("projBias", ArgKind.BOOL, new Value.Bool(true)),
            opt("attnDrop", ArgKind.PROBABILITY, new Value.Real(0)),
            opt("projDrop", ArgKind.PROBABILITY, new Value.Real(0)),
            opt("init", ArgKind.INIT, Value.Init.of("default")),
            opt("biasInit", ArgKind.INIT, Value.Init.of("default"))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireTokens(this, in, at);
            long d = in.channels();
            long heads = a.i("heads");
            if (d % heads != 0) {
                throw new SpecError(
                        HEADS_NOT_DIVIDING,
                        "attention: width " + d + " is not divisible by " + heads
                                + " heads (" + d + " / " + heads + " = "
                                + String.format(java.util.Locale.ROOT, "%.2f", (double) d / heads)
                                + "); choose a head count that divides the width, e.g. " + divisorNear(d, heads),
                        at);
            }
            long n = in.tokens();
            long params = add(mul(4, d, d), a.b("qkvBias") ? mul(3, d) : 0, a.b("projBias") ? d : 0);
            return new Result(in, new Cost(params, mul(4, n, d, d), mul(2, n, n, d)));
        }
    },
    POS_EMBED(
            "posEmbed",
            "position embedding added to the tokens",
            symbol("kind", Set.of("learned", "sinusoidal"), "learned"),
            opt("init", ArgKind.INIT, Value.Init.of("truncNormal", 0.02))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireTokens(this, in, at);
            boolean learned = a.sym("kind").equals("learned");
            return new Result(in, Cost.params(learned ? mul(in.tokens(), in.channels()) : 0));
        }
    },
    CLASS_TOKEN("classToken", "prepends a learned class token", opt("init", ArgKind.INIT, Value.Init.of("zeros"))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireTokens(this, in, at);
            return new Result(Shape.tokens(add(in.tokens(), 1), in.channels()), Cost.params(in.channels()));
        }
    },
    POOL(
            "pool",
            "pools tokens (or an image's pixels) into one vector",
            symbol("kind", Set.of("mean", "max", "cls", "seq"), null),
            opt("init", ArgKind.INIT, Value.Init.of("default"))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            String kind = a.sym("kind");
            switch (kind) {
                case "mean", "max" -> {
                    if (in.isTensor())
                        throw new SpecError(
                                SHAPE_MISMATCH,
                                "pool(" + kind + ") needs tokens or an image, got " + in
                                        + "; merge the axes to pool into one first, e.g. rearrange(\"h w c -> (h w) c\")",
                                at);
                    if (in.isVector())
                        throw new SpecError(
                                SHAPE_MISMATCH, "pool(" + kind + ") needs tokens or an image, got " + in, at);
                    return new Result(Shape.vector(in.channels()), Cost.ZERO);
                }
                case "cls" -> {
                    requireTokens(this, in, at);
                    return new Result(Shape.vector(in.channels()), Cost.ZERO);
                }
                default -> { // seq: softmax(Linear(D -> 1)(x)) over tokens, then the weighted sum
                    requireTokens(this, in, at);
                    long n = in.tokens();
                    long d = in.channels();
                    return new Result(Shape.vector(d), new Cost(add(d, 1), mul(2, n, d), 0));
                }
            }
        }
    },
    TOKENS("tokens", "flattens an image [C,H,W] into tokens [H*W, C]") {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            if (in.isTokens()) {
                throw new SpecError(IMAGE_OP_ON_TOKENS, "tokens flattens an image, but the value is already " + in, at);
            }
            requireImage(this, in, at);
            return new Result(Shape.tokens(mul(in.height(), in.width()), in.channels()), Cost.ZERO);
        }
    },
    GRID(
            "grid",
            "folds tokens [N, D] back into an image [D, H, W]",
            opt("height", ArgKind.SIZE, null),
            opt("width", ArgKind.SIZE, null)) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            if (in.isImage())
                throw new SpecError(
                        TOKEN_OP_ON_IMAGE, "grid folds tokens into an image, but the value is already " + in, at);
            requireTokens(this, in, at);
            long n = in.tokens();
            Value hv = a.args().get("height");
            Value wv = a.args().get("width");
            long h;
            long w;
            if (hv == null && wv == null) {
                h = Math.round(Math.sqrt((double) n));
                if (h * h != n) {
                    throw new SpecError(
                            SHAPE_MISMATCH,
                            "grid: " + n + " tokens do not form a square; give grid(height = ..., width = ...)",
                            at);
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
                    throw new SpecError(
                            SHAPE_MISMATCH,
                            "grid: " + h + " x " + w + " = " + (h * w) + " does not match " + n + " tokens",
                            at);
                }
            }
            return new Result(Shape.image(in.channels(), h, w), Cost.ZERO);
        }
    },
    FLATTEN("flatten", "flattens everything into one vector") {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            return new Result(Shape.vector(in.elements()), Cost.ZERO);
        }
    },
    SCALE("scale", "learnable per-channel scale (LayerScale)", opt("init", ArgKind.INIT, Value.Init.of("ones"))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireNotTensor(this, in, at);
            return new Result(in, Cost.params(in.channels()));
        }
    },
    AFFINE(
            "affine",
            "learnable per-channel scale and shift (ResMLP's Affine)",
            opt("scaleInit", ArgKind.INIT, Value.Init.of("ones")),
            opt("shiftInit", ArgKind.INIT, Value.Init.of("zeros"))) {
        @Override
        Result rule(Args a, Shape in, SourceLocation at) {
            requireNotTensor(this, in, at);
            return new Result(in, Cost.params(mul(2, in.channels())));
        }
    };

    /**
     * One argument of a primitive. {@code byDefault} null with {@code required} false means the
     * rule computes the default (e.g. a square grid); {@code defaultFrom} names another argument
     * whose value is the default (a pool's stride defaults to its kernel).
     */
    public record Param(
            String name, ArgKind kind, boolean required, Value byDefault, String defaultFrom, Set<String> symbols) {}

    /** The output shape and cost of one layer. */
    public record Result(Shape out, Cost cost) {}

    private final String dslName;
    private final String description;
    private final List<Param> params;

    Primitive(String dslName, String description, Param... params) {
        this.dslName = dslName;
        this.description = description;
        this.params = List.of(params);
    }

    public String dslName() {
        return dslName;
    }

    public String description() {
        return description;
    }

    public List<Param> params() {
        return params;
    }

    public static Optional<Primitive> byName(String name) {
        return Arrays.stream(values()).filter(p -> p.dslName.equals(name)).findFirst();
    }

    /**
     * The output shape and cost of this layer for an input shape, its arguments resolved (every
     * default filled in, each value of its {@link ArgKind}); a {@link SpecError} when it does not fit.
     */
    public Result infer(Map<String, Value> args, Shape in, SourceLocation at) {
        return rule(new Args(args), in, at);
    }

    /** The shape and cost rule; element-wise layers keep their input's shape and cost nothing. */
    Result rule(Args a, Shape in, SourceLocation at) {
        return unchanged(in);
    }

    private static Result unchanged(Shape in) {
        return new Result(in, Cost.ZERO);
    }

    /** An axis of the value, counted from the end when negative; an error naming the shape otherwise. */
    static int axis(Primitive p, long axis, Shape in, SourceLocation at) {
        int rank = in.rank();
        int index = Axes.index(axis, rank);
        if (index < 0) {
            throw new SpecError(
                    SHAPE_MISMATCH,
                    p.dslName() + ": axis " + axis + " does not exist in " + in + ", which has axes 0 to " + (rank - 1)
                            + " (or -" + rank + " to -1 from the end)",
                    at);
        }
        return index;
    }

    /** Max and average pooling: a sliding window with no weights. */
    private static Result pool2d(Primitive p, Args a, Shape in, SourceLocation at) {
        requireImage(p, in, at);
        long k = a.i("kernel");
        long s = a.i("stride");
        long pad = padding(a, k, 1, s, at);
        if (pad * 2 > k) {
            throw new SpecError(
                    BAD_VALUE, p.dslName() + " padding " + pad + " must be at most half the kernel " + k, at);
        }
        long h = window(in.height(), k, s, pad, 1, "height", at);
        long w = window(in.width(), k, s, pad, 1, "width", at);
        return new Result(Shape.image(in.channels(), h, w), Cost.ZERO);
    }

    private static Param req(String name, ArgKind kind) {
        return new Param(name, kind, true, null, null, Set.of());
    }

    private static Param opt(String name, ArgKind kind, Value byDefault) {
        return new Param(name, kind, false, byDefault, null, Set.of());
    }

    private static Param sameAs(String name, ArgKind kind, String other) {
        return new Param(name, kind, false, null, other, Set.of());
    }

    private static Param symbol(String name, Set<String> symbols, String byDefault) {
        return new Param(
                name,
                ArgKind.SYMBOL,
                byDefault == null,
                byDefault == null ? null : new Value.Symbol(byDefault),
                null,
                Set.copyOf(symbols));
    }
}
