package dev.vmodel.semantic.model;

import dev.vmodel.semantic.eval.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in layers and their signatures: argument names in positional order, what each accepts
 * and its default. Shape and cost rules live in {@code infer.LayerRules}.
 */
public enum Primitive {
    LINEAR("linear", "a fully connected layer on the last axis",
            req("out", ArgKind.SIZE), opt("bias", ArgKind.BOOL, new Value.Bool(true)),
            opt("init", ArgKind.INIT, Value.Init.of("default")), opt("biasInit", ArgKind.INIT, Value.Init.of("default"))),
    CONV("conv", "a 2-d convolution",
            req("out", ArgKind.SIZE), req("kernel", ArgKind.SIZE), opt("stride", ArgKind.SIZE, new Value.Int(1)),
            opt("padding", ArgKind.PADDING, new Value.Int(0)), opt("groups", ArgKind.SIZE, new Value.Int(1)),
            opt("dilation", ArgKind.SIZE, new Value.Int(1)), opt("bias", ArgKind.BOOL, new Value.Bool(true)),
            opt("init", ArgKind.INIT, Value.Init.of("default")), opt("biasInit", ArgKind.INIT, Value.Init.of("default"))),
    MAX_POOL("maxPool", "2-d max pooling",
            req("kernel", ArgKind.SIZE), sameAs("stride", ArgKind.SIZE, "kernel"), opt("padding", ArgKind.PADDING, new Value.Int(0))),
    AVG_POOL("avgPool", "2-d average pooling",
            req("kernel", ArgKind.SIZE), sameAs("stride", ArgKind.SIZE, "kernel"), opt("padding", ArgKind.PADDING, new Value.Int(0)),
            opt("countPadding", ArgKind.BOOL, new Value.Bool(true))),
    LAYER_NORM("layerNorm", "layer normalisation over the last axis",
            opt("eps", ArgKind.POSITIVE, new Value.Real(1e-5)), opt("affine", ArgKind.BOOL, new Value.Bool(true))),
    BATCH_NORM("batchNorm", "batch normalisation over the channels",
            opt("eps", ArgKind.POSITIVE, new Value.Real(1e-5)), opt("momentum", ArgKind.PROBABILITY, new Value.Real(0.1))),
    GROUP_NORM("groupNorm", "group normalisation of an image",
            req("groups", ArgKind.SIZE), opt("eps", ArgKind.POSITIVE, new Value.Real(1e-5))),
    GELU("gelu", "exact (erf) GELU"),
    RELU("relu", "ReLU"),
    SILU("silu", "SiLU (swish)"),
    TANH("tanh", "tanh"),
    SIGMOID("sigmoid", "logistic sigmoid"),
    SOFTMAX("softmax", "softmax over the last axis"),
    IDENTITY("identity", "passes its input through"),
    DROPOUT("dropout", "dropout", req("p", ArgKind.PROBABILITY)),
    DROP_PATH("dropPath", "stochastic depth: drops the whole residual branch per example", req("p", ArgKind.PROBABILITY)),
    ATTENTION("attention", "multi-head self-attention",
            req("heads", ArgKind.SIZE), opt("qkvBias", ArgKind.BOOL, new Value.Bool(false)),
            opt("projBias", ArgKind.BOOL, new Value.Bool(true)), opt("attnDrop", ArgKind.PROBABILITY, new Value.Real(0)),
            opt("projDrop", ArgKind.PROBABILITY, new Value.Real(0)),
            opt("init", ArgKind.INIT, Value.Init.of("default")), opt("biasInit", ArgKind.INIT, Value.Init.of("default"))),
    POS_EMBED("posEmbed", "position embedding added to the tokens",
            symbol("kind", Set.of("learned", "sinusoidal"), "learned"),
            opt("init", ArgKind.INIT, Value.Init.of("truncNormal", 0.02))),
    CLASS_TOKEN("classToken", "prepends a learned class token",
            opt("init", ArgKind.INIT, Value.Init.of("zeros"))),
    POOL("pool", "pools tokens (or an image's pixels) into one vector",
            symbol("kind", Set.of("mean", "max", "cls", "seq"), null),
            opt("init", ArgKind.INIT, Value.Init.of("default"))),
    TOKENS("tokens", "flattens an image [C,H,W] into tokens [H*W, C]"),
    GRID("grid", "folds tokens [N, D] back into an image [D, H, W]",
            opt("height", ArgKind.SIZE, null), opt("width", ArgKind.SIZE, null)),
    FLATTEN("flatten", "flattens everything into one vector"),
    SCALE("scale", "learnable per-channel scale (LayerScale)",
            opt("init", ArgKind.INIT, Value.Init.of("ones"))),
    AFFINE("affine", "learnable per-channel scale and shift (ResMLP's Affine)",
            opt("scaleInit", ArgKind.INIT, Value.Init.of("ones")), opt("shiftInit", ArgKind.INIT, Value.Init.of("zeros")));

    /**
     * One argument of a primitive. {@code byDefault} null with {@code required} false means the
     * rule computes the default (e.g. a square grid); {@code defaultFrom} names another argument
     * whose value is the default (a pool's stride defaults to its kernel).
     */
    public record Param(String name, ArgKind kind, boolean required, Value byDefault, String defaultFrom, Set<String> symbols) {}

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
        return new Param(name, ArgKind.SYMBOL, byDefault == null, byDefault == null ? null : new Value.Symbol(byDefault),
                null, Set.copyOf(symbols));
    }
}
