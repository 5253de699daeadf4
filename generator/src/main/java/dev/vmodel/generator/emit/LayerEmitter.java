package dev.vmodel.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.vmodel.generator.emit.ExprEmitter.Scope;
import dev.vmodel.generator.emit.ExprEmitter.Typed;
import dev.vmodel.generator.ir.ConstructIr;
import dev.vmodel.generator.ir.ExprIr;
import dev.vmodel.semantic.model.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How Java builds each built-in layer, with DJL and the vmodel runtime: the type of the field that
 * holds it and the expression that makes it. The one file to change for a new primitive on the
 * Java side.
 */
final class LayerEmitter {
    private final ConstructIr.Layer layer;
    private final Scope scope;

    private LayerEmitter(ConstructIr.Layer layer, Scope scope) {
        this.layer = layer;
        this.scope = scope;
    }

    /** The type of the field holding the layer. */
    static TypeName fieldType(Primitive p, Map<String, ExprIr> args) {
        return switch (p) {
            case LINEAR -> Runtime.LINEAR;
            case CONV -> Runtime.CONV2D;
            case LAYER_NORM -> Runtime.LAST_AXIS_LAYER_NORM;
            case BATCH_NORM -> Runtime.BATCH_NORM;
            case GROUP_NORM -> Runtime.GROUP_NORM;
            case DROPOUT -> Runtime.DROPOUT;
            case DROP_PATH -> Runtime.DROP_PATH;
            case ATTENTION -> Runtime.ATTENTION;
            case POS_EMBED ->
                "sinusoidal".equals(symbol(args.get("kind")))
                        ? Runtime.SINUSOIDAL_POSITIONS
                        : Runtime.LEARNED_POSITIONS;
            case CLASS_TOKEN -> Runtime.CLASS_TOKEN;
            case POOL -> "seq".equals(symbol(args.get("kind"))) ? Runtime.SEQUENCE_POOLING : Runtime.TOKEN_POOLING;
            case TOKENS -> Runtime.IMAGE_TO_TOKENS;
            case GRID -> Runtime.TOKENS_TO_GRID;
            case SCALE -> Runtime.SCALE;
            case AFFINE -> Runtime.AFFINE;
            case AVG_POOL -> Runtime.AVG_POOL_2D;
            case REARRANGE -> Runtime.REARRANGE;
            case ROLL -> Runtime.ROLL;
            case SLICE -> Runtime.SLICE;
            case L2NORM -> Runtime.L2_NORM;
            case HARD_SWISH -> Runtime.HARD_SWISH;
            case SILU -> Runtime.SILU;
            case TIMES -> Runtime.TIMES;
            default -> Runtime.BLOCK;
        };
    }

    /** The name of a symbol argument written literally ({@code pool(mean)}), or null. */
    static String symbol(ExprIr e) {
        return e instanceof ExprIr.Symbol s ? s.name() : null;
    }

    static CodeBlock construct(ConstructIr.Layer layer, Scope scope) {
        return new LayerEmitter(layer, scope).build();
    }

    /** Whether the spec wrote the argument: DJL's own default is left alone otherwise, where it is the language's. */
    private boolean given(String name) {
        return layer.written().contains(name);
    }

    /** An argument, as written or the primitive's default. */
    private Typed arg(String name) {
        ExprIr e = layer.args().get(name);
        if (e == null) throw new IllegalStateException(layer.primitive() + " has no value for " + name);
        return ExprEmitter.emit(e, scope);
    }

    private CodeBlock as(String name, String javaType) {
        return ExprEmitter.as(arg(name), javaType);
    }

    private CodeBlock init(String name) {
        return ExprEmitter.asInit(arg(name));
    }

    private CodeBlock square(String name) {
        CodeBlock v = as(name, "long");
        return CodeBlock.of("new $T($L,$W$L)", Runtime.SHAPE, v, v);
    }

    private String symbol(String name) {
        String s = symbol(layer.args().get(name));
        if (s == null) throw new IllegalStateException(name + " is not a literal symbol");
        return s;
    }

    private CodeBlock sizes() {
        return CodeBlock.of("$L", layer.inputVar());
    }

    /**
     * The spec's rules on this layer as statements for the constructor, before it is built: the
     * runtime's {@code SpecChecks} throw the validator's own message when a builder override
     * breaks one. Empty unless the layer is {@code checked}.
     */
    static java.util.List<CodeBlock> checks(ConstructIr.Layer layer, Scope scope) {
        return layer.checked() ? new LayerEmitter(layer, scope).checks() : java.util.List.of();
    }

    private java.util.List<CodeBlock> checks() {
        CodeBlock where = CodeBlock.of(
                "$S",
                Javadocs.fileName(layer.source()) + ":" + layer.source().line() + ":"
                        + layer.source().column());
        java.util.List<CodeBlock> checks = new java.util.ArrayList<>();
        switch (layer.primitive()) {
            case CONV, MAX_POOL, AVG_POOL -> {
                boolean conv = layer.primitive() == Primitive.CONV;
                CodeBlock stride = as("stride", "long");
                CodeBlock dilation = conv ? as("dilation", "long") : CodeBlock.of("1");
                CodeBlock padding = padding1d(dilation);
                for (String axis : new String[] {"height", "width"}) {
                    checks.add(CodeBlock.of(
                            "$T.window($L, $S,$W$T.$L($L),$W$L,$W$L,$W$L,$W$L)",
                            SPEC_CHECKS,
                            where,
                            axis,
                            Runtime.SIZES,
                            axis,
                            sizes(),
                            as("kernel", "long"),
                            stride,
                            padding,
                            dilation));
                }
                if (conv && given("groups")) {
                    checks.add(CodeBlock.of(
                            "$T.convGroups($L,$W$T.channels($L),$W$L,$W$L)",
                            SPEC_CHECKS,
                            where,
                            Runtime.SIZES,
                            sizes(),
                            as("out", "long"),
                            as("groups", "long")));
                }
            }
            case GROUP_NORM ->
                checks.add(CodeBlock.of(
                        "$T.groups($L,$W$T.channels($L),$W$L)",
                        SPEC_CHECKS,
                        where,
                        Runtime.SIZES,
                        sizes(),
                        as("groups", "long")));
            case ATTENTION ->
                checks.add(CodeBlock.of(
                        "$T.heads($L,$W$T.channels($L),$W$L)",
                        SPEC_CHECKS,
                        where,
                        Runtime.SIZES,
                        sizes(),
                        as("heads", "long")));
            case DROPOUT, DROP_PATH ->
                checks.add(CodeBlock.of(
                        "$T.probability($L, $S,$W$L)",
                        SPEC_CHECKS,
                        where,
                        layer.primitive().dslName() + " p",
                        as("p", "double")));
            default -> {}
        }
        return checks;
    }

    private static final com.palantir.javapoet.ClassName SPEC_CHECKS =
            com.palantir.javapoet.ClassName.get("dev.vmodel.runtime.flow", "SpecChecks");

    /** The padding along one axis, as a long: {@code same} computed from the kernel. */
    private CodeBlock padding1d(CodeBlock dilation) {
        if ("same".equals(symbol(layer.args().get("padding")))) {
            return CodeBlock.of("$T.samePadding($L, $L)", Runtime.SIZES, as("kernel", "long"), dilation);
        }
        return as("padding", "long");
    }

    private CodeBlock build() {
        return switch (layer.primitive()) {
            case LINEAR -> {
                CodeBlock.Builder b =
                        CodeBlock.builder().add("$T.builder()$Z.setUnits($L)", Runtime.LINEAR, as("out", "long"));
                if (given("bias"))
                    b.add("$Z.optBias($L)", as("bias", "boolean")); // DJL's default is the language's: true
                yield CodeBlock.of(
                        "$T.weights($L$Z.build(),$W$L,$W$L)", Runtime.INITS, b.build(), init("init"), init("biasInit"));
            }
            case CONV -> {
                CodeBlock.Builder b = CodeBlock.builder()
                        .add("$T.builder()", Runtime.CHANNELS_LAST_CONV2D)
                        .add("$Z.setFilters($L)", as("out", "int"))
                        .add("$Z.setKernelShape($L)", square("kernel"));
                if (given("stride")) b.add("$Z.optStride($L)", square("stride"));
                if (given("padding")) b.add("$Z.optPadding($L)", padding());
                if (given("dilation")) b.add("$Z.optDilation($L)", square("dilation"));
                if (given("groups")) b.add("$Z.optGroups($L)", as("groups", "int"));
                if (given("bias")) b.add("$Z.optBias($L)", as("bias", "boolean"));
                yield CodeBlock.of(
                        "$T.weights($L$Z.build(),$W$L,$W$L)", Runtime.INITS, b.build(), init("init"), init("biasInit"));
            }
            case MAX_POOL ->
                CodeBlock.of(
                        "$T.maxPool2dBlock($L, $L, $L)", Runtime.POOL, square("kernel"), square("stride"), padding());
            // DJL's own avgPool2d ignores countIncludePad = false; the runtime's block honours it.
            case AVG_POOL ->
                CodeBlock.of(
                        "$T.builder()$Z.setKernel($L)$Z.optStride($L)$Z.optPadding($L)$Z.optCountPadding($L)$Z.build()",
                        Runtime.AVG_POOL_2D,
                        as("kernel", "long"),
                        as("stride", "long"),
                        padding1d(CodeBlock.of("1")),
                        as("countPadding", "boolean"));
            case LAYER_NORM ->
                CodeBlock.of(
                        "new $T($L, $L)", Runtime.LAST_AXIS_LAYER_NORM, as("eps", "float"), as("affine", "boolean"));
            case BATCH_NORM ->
                CodeBlock.of(
                        "$T.builder()$Z.optEpsilon($L)$Z.optMomentum(1f - $L)$Z.optAxis($T.channelAxis($L))$Z.build()",
                        Runtime.BATCH_NORM,
                        as("eps", "float"),
                        as("momentum", "float"),
                        Runtime.SIZES,
                        sizes());
            case GROUP_NORM ->
                CodeBlock.of("new $T($L, $L, true)", Runtime.GROUP_NORM, as("groups", "int"), as("eps", "float"));
            case GELU -> CodeBlock.of("$T.geluBlock()", Runtime.ACTIVATION);
            case RELU -> CodeBlock.of("$T.reluBlock()", Runtime.ACTIVATION);
            case SILU -> CodeBlock.of("new $T()", Runtime.SILU);
            case TANH -> CodeBlock.of("$T.tanhBlock()", Runtime.ACTIVATION);
            case SIGMOID -> CodeBlock.of("$T.sigmoidBlock()", Runtime.ACTIVATION);
            // "nd" is reserved in every generated class, so the lambda cannot shadow a local.
            case SOFTMAX ->
                CodeBlock.of(
                        "new $T(nd -> new $T(nd.singletonOrThrow().softmax(-1)), $S)",
                        Runtime.LAMBDA_BLOCK,
                        Runtime.ND_LIST,
                        "softmax");
            case IDENTITY -> CodeBlock.of("$T.identityBlock()", Runtime.BLOCKS_UTIL);
            case FLATTEN -> CodeBlock.of("$T.batchFlattenBlock()", Runtime.BLOCKS_UTIL);
            case DROPOUT -> CodeBlock.of("new $T($L)", Runtime.DROPOUT, as("p", "float"));
            case DROP_PATH -> CodeBlock.of("new $T($L)", Runtime.DROP_PATH, as("p", "float"));
            case ATTENTION -> {
                CodeBlock.Builder b = CodeBlock.builder()
                        .add(
                                "$T.builder()$Z.setDim($T.channels($L))$Z.setHeads($L)",
                                Runtime.ATTENTION,
                                Runtime.SIZES,
                                sizes(),
                                as("heads", "int"));
                // Always explicit: the runtime's defaults need not be the language's (qkvBias is false here).
                b.add("$Z.optQkvBias($L)$Z.optProjBias($L)", as("qkvBias", "boolean"), as("projBias", "boolean"));
                if (given("attnDrop")) b.add("$Z.optAttentionDropout($L)", as("attnDrop", "float"));
                if (given("projDrop")) b.add("$Z.optProjectionDropout($L)", as("projDrop", "float"));
                yield CodeBlock.of(
                        "$T.linearWeights($L$Z.build(),$W$L,$W$L)",
                        Runtime.INITS,
                        b.build(),
                        init("init"),
                        init("biasInit"));
            }
            case POS_EMBED ->
                symbol("kind").equals("sinusoidal")
                        ? CodeBlock.of("new $T()", Runtime.SINUSOIDAL_POSITIONS)
                        : CodeBlock.of("new $T($L)", Runtime.LEARNED_POSITIONS, init("init"));
            case CLASS_TOKEN -> CodeBlock.of("new $T($L)", Runtime.CLASS_TOKEN, init("init"));
            case POOL ->
                switch (symbol("kind")) {
                    case "seq" ->
                        CodeBlock.of(
                                "$T.linearWeights(new $T(), $L, null)",
                                Runtime.INITS,
                                Runtime.SEQUENCE_POOLING,
                                init("init"));
                    default -> CodeBlock.of("$T.$L()", Runtime.TOKEN_POOLING, symbol("kind"));
                };
            case TOKENS -> CodeBlock.of("new $T()", Runtime.IMAGE_TO_TOKENS);
            case GRID -> grid();
            case SCALE -> CodeBlock.of("new $T($L)", Runtime.SCALE, init("init"));
            case AFFINE ->
                CodeBlock.of(
                        "$T.parameter($T.parameter(new $T(), $S, $L), $S, $L)",
                        Runtime.INITS,
                        Runtime.INITS,
                        Runtime.AFFINE,
                        "alpha",
                        init("scaleInit"),
                        "beta",
                        init("shiftInit"));
            case REARRANGE -> rearrange();
            case ROLL -> CodeBlock.of("new $T($L, $L)", Runtime.ROLL, as("shift", "long"), as("axis", "int"));
            case SLICE -> {
                CodeBlock.Builder b =
                        CodeBlock.builder().add("$T.builder()$Z.setStart($L)", Runtime.SLICE, as("start", "long"));
                if (given("end")) b.add("$Z.optEnd($L)", as("end", "long"));
                if (given("axis")) b.add("$Z.optAxis($L)", as("axis", "int"));
                if (given("step")) b.add("$Z.optStep($L)", as("step", "long"));
                yield b.add("$Z.build()").build();
            }
            case L2NORM -> CodeBlock.of("new $T($L)", Runtime.L2_NORM, as("eps", "float"));
            case HARD_SWISH -> CodeBlock.of("new $T()", Runtime.HARD_SWISH);
            case TIMES -> CodeBlock.of("new $T($L)", Runtime.TIMES, as("factor", "float"));
        };
    }

    private CodeBlock padding() {
        if ("same".equals(symbol(layer.args().get("padding")))) {
            // Pools have no dilation argument: theirs is 1.
            CodeBlock dilation = layer.primitive() == Primitive.CONV ? as("dilation", "long") : CodeBlock.of("1");
            CodeBlock same = CodeBlock.of("$T.samePadding($L, $L)", Runtime.SIZES, as("kernel", "long"), dilation);
            return CodeBlock.of("new $T($L,$W$L)", Runtime.SHAPE, same, same);
        }
        return square("padding");
    }

    /** {@code new Rearrange("(h w) c -> h w c", Map.of("h", h))}: the pattern and the sizes the spec gave. */
    private CodeBlock rearrange() {
        List<CodeBlock> sizes = new ArrayList<>();
        for (String name : layer.args().keySet()) {
            if (name.equals("pattern")) continue;
            // Map.of needs Long values: an integer literal gets its L.
            CodeBlock size = as(name, "long");
            if (size.toString().matches("-?[0-9]+")) size = CodeBlock.of("$LL", size);
            sizes.add(CodeBlock.of("$S, $L", name, size));
        }
        String pattern = ((ExprIr.TextLit) layer.args().get("pattern")).value();
        return sizes.isEmpty()
                ? CodeBlock.of("new $T($S)", Runtime.REARRANGE, pattern)
                : CodeBlock.of(
                        "new $T($S,$W$T.of($L))", Runtime.REARRANGE, pattern, Map.class, CodeBlock.join(sizes, ", "));
    }

    private CodeBlock grid() {
        boolean h = given("height");
        boolean w = given("width");
        CodeBlock tokens = CodeBlock.of("$T.tokens($L)", Runtime.SIZES, sizes());
        CodeBlock height = h
                ? as("height", "long")
                : w
                        ? CodeBlock.of("$T.floorDiv($L, $L)", Math.class, tokens, as("width", "long"))
                        : CodeBlock.of("$T.gridSide($L)", Runtime.SIZES, sizes());
        CodeBlock width = w
                ? as("width", "long")
                : h
                        ? CodeBlock.of("$T.floorDiv($L, $L)", Math.class, tokens, as("height", "long"))
                        : CodeBlock.of("$T.gridSide($L)", Runtime.SIZES, sizes());
        return CodeBlock.of("new $T($L, $L)", Runtime.TOKENS_TO_GRID, height, width);
    }
}
