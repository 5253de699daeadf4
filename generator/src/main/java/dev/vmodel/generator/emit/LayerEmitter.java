package dev.vmodel.generator.emit;

import com.palantir.javapoet.CodeBlock;
import dev.vmodel.generator.emit.ExprEmitter.Scope;
import dev.vmodel.generator.emit.ExprEmitter.Typed;
import dev.vmodel.generator.ir.ConstructIr;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.Primitive;

/** The Java expression that builds each built-in layer with DJL and the vmodel runtime. */
final class LayerEmitter {
    private final ConstructIr.Layer layer;
    private final Scope scope;

    private LayerEmitter(ConstructIr.Layer layer, Scope scope) {
        this.layer = layer;
        this.scope = scope;
    }

    static CodeBlock construct(ConstructIr.Layer layer, Scope scope) {
        return new LayerEmitter(layer, scope).build();
    }

    private boolean given(String name) {
        return layer.args().containsKey(name);
    }

    /** An argument as written, or the primitive's default. */
    private Typed arg(String name) {
        Expr e = layer.args().get(name);
        if (e != null) return ExprEmitter.emit(e, scope);
        for (Primitive.Param p : layer.primitive().params()) {
            if (!p.name().equals(name)) continue;
            if (p.defaultFrom() != null) return arg(p.defaultFrom());
            if (p.byDefault() == null) throw new IllegalStateException(name + " has no default");
            return ExprEmitter.literal(p.byDefault());
        }
        throw new IllegalStateException(layer.primitive() + " has no argument " + name);
    }

    private CodeBlock as(String name, String javaType) {
        return ExprEmitter.as(arg(name), javaType);
    }

    private CodeBlock init(String name) {
        return ExprEmitter.asInit(arg(name));
    }

    private CodeBlock square(String name) {
        CodeBlock v = as(name, "long");
        return CodeBlock.of("new $T($L, $L)", Runtime.SHAPE, v, v);
    }

    private String symbol(String name) {
        Expr e = layer.args().get(name);
        if (e != null) return LayerTypes.symbol(e);
        for (Primitive.Param p : layer.primitive().params()) {
            if (p.name().equals(name) && p.byDefault() instanceof Value.Symbol s) return s.name();
        }
        throw new IllegalStateException(name + " is not a literal symbol");
    }

    private CodeBlock sizes() {
        return CodeBlock.of("$L", layer.sizesVar());
    }

    private CodeBlock build() {
        return switch (layer.primitive()) {
            case LINEAR -> {
                CodeBlock.Builder b = CodeBlock.builder().add("$T.builder().setUnits($L)", Runtime.LINEAR, as("out", "long"));
                if (given("bias")) b.add(".optBias($L)", as("bias", "boolean")); // DJL's default is the language's: true
                yield CodeBlock.of("$T.weights($L.build(), $L, $L)", Runtime.INITS, b.build(), init("init"), init("biasInit"));
            }
            case CONV -> {
                CodeBlock.Builder b = CodeBlock.builder()
                        .add("$T.builder()", Runtime.CONV2D)
                        .add(".setFilters($L)", as("out", "int"))
                        .add(".setKernelShape($L)", square("kernel"));
                if (given("stride")) b.add(".optStride($L)", square("stride"));
                if (given("padding")) b.add(".optPadding($L)", padding());
                if (given("dilation")) b.add(".optDilation($L)", square("dilation"));
                if (given("groups")) b.add(".optGroups($L)", as("groups", "int"));
                if (given("bias")) b.add(".optBias($L)", as("bias", "boolean"));
                yield CodeBlock.of("$T.weights($L.build(), $L, $L)", Runtime.INITS, b.build(), init("init"), init("biasInit"));
            }
            case MAX_POOL -> CodeBlock.of("$T.maxPool2dBlock($L, $L, $L)", Runtime.POOL, square("kernel"), square("stride"), padding());
            case AVG_POOL -> CodeBlock.of("$T.avgPool2dBlock($L, $L, $L, false, $L)", Runtime.POOL, square("kernel"),
                    square("stride"), padding(), as("countPadding", "boolean"));
            case LAYER_NORM -> CodeBlock.of("new $T($L, $L)", Runtime.LAST_AXIS_LAYER_NORM, as("eps", "float"), as("affine", "boolean"));
            case BATCH_NORM -> CodeBlock.of("$T.builder().optEpsilon($L).optMomentum(1f - $L).optAxis($T.channelAxis($L)).build()",
                    Runtime.BATCH_NORM, as("eps", "float"), as("momentum", "float"), Runtime.SIZES, sizes());
            case GROUP_NORM -> CodeBlock.of("new $T($L, $L, true)", Runtime.GROUP_NORM, as("groups", "int"), as("eps", "float"));
            case GELU -> CodeBlock.of("$T.geluBlock()", Runtime.ACTIVATION);
            case RELU -> CodeBlock.of("$T.reluBlock()", Runtime.ACTIVATION);
            case SILU -> CodeBlock.of("$T.swishBlock(1f)", Runtime.ACTIVATION);
            case TANH -> CodeBlock.of("$T.tanhBlock()", Runtime.ACTIVATION);
            case SIGMOID -> CodeBlock.of("$T.sigmoidBlock()", Runtime.ACTIVATION);
            // "nd" is reserved in every generated class, so the lambda cannot shadow a local.
            case SOFTMAX -> CodeBlock.of("new $T(nd -> new $T(nd.singletonOrThrow().softmax(-1)), $S)", Runtime.LAMBDA_BLOCK,
                    Runtime.ND_LIST, "softmax");
            case IDENTITY -> CodeBlock.of("$T.identityBlock()", Runtime.BLOCKS_UTIL);
            case FLATTEN -> CodeBlock.of("$T.batchFlattenBlock()", Runtime.BLOCKS_UTIL);
            case DROPOUT -> CodeBlock.of("$T.builder().optRate($L).build()", Runtime.DROPOUT, as("p", "float"));
            case DROP_PATH -> CodeBlock.of("new $T($L)", Runtime.DROP_PATH, as("p", "float"));
            case ATTENTION -> {
                CodeBlock.Builder b = CodeBlock.builder()
                        .add("$T.builder().setDim($T.channels($L)).setHeads($L)", Runtime.ATTENTION, Runtime.SIZES, sizes(),
                                as("heads", "int"));
                // Always explicit: the runtime's defaults need not be the language's (qkvBias is false here).
                b.add(".optQkvBias($L).optProjBias($L)", as("qkvBias", "boolean"), as("projBias", "boolean"));
                if (given("attnDrop")) b.add(".optAttentionDropout($L)", as("attnDrop", "float"));
                if (given("projDrop")) b.add(".optProjectionDropout($L)", as("projDrop", "float"));
                yield CodeBlock.of("$T.linearWeights($L.build(), $L, $L)", Runtime.INITS, b.build(), init("init"), init("biasInit"));
            }
            case POS_EMBED -> symbol("kind").equals("sinusoidal")
                    ? CodeBlock.of("new $T()", Runtime.SINUSOIDAL_POSITIONS)
                    : CodeBlock.of("new $T($L)", Runtime.LEARNED_POSITIONS, init("init"));
            case CLASS_TOKEN -> CodeBlock.of("new $T($L)", Runtime.CLASS_TOKEN, init("init"));
            case POOL -> switch (symbol("kind")) {
                case "seq" -> CodeBlock.of("$T.linearWeights(new $T(), $L, null)", Runtime.INITS, Runtime.SEQUENCE_POOLING, init("init"));
                default -> CodeBlock.of("$T.$L()", Runtime.TOKEN_POOLING, symbol("kind"));
            };
            case TOKENS -> CodeBlock.of("new $T()", Runtime.IMAGE_TO_TOKENS);
            case GRID -> grid();
            case SCALE -> CodeBlock.of("new $T($L)", Runtime.SCALE, init("init"));
            case AFFINE -> CodeBlock.of("$T.parameter($T.parameter(new $T(), $S, $L), $S, $L)", Runtime.INITS, Runtime.INITS,
                    Runtime.AFFINE, "alpha", init("scaleInit"), "beta", init("shiftInit"));
        };
    }

    private CodeBlock padding() {
        Expr e = layer.args().get("padding");
        if (e instanceof Expr.Ref r && r.name().equals("same") && scope.lookup("same") == null) {
            CodeBlock same = CodeBlock.of("$T.samePadding($L, $L)", Runtime.SIZES, as("kernel", "long"), as("dilation", "long"));
            return CodeBlock.of("new $T($L, $L)", Runtime.SHAPE, same, same);
        }
        return square("padding");
    }

    private CodeBlock grid() {
        boolean h = given("height");
        boolean w = given("width");
        CodeBlock tokens = CodeBlock.of("$T.tokens($L)", Runtime.SIZES, sizes());
        CodeBlock height = h ? as("height", "long")
                : w ? CodeBlock.of("$T.floorDiv($L, $L)", Math.class, tokens, as("width", "long"))
                : CodeBlock.of("$T.gridSide($L)", Runtime.SIZES, sizes());
        CodeBlock width = w ? as("width", "long")
                : h ? CodeBlock.of("$T.floorDiv($L, $L)", Math.class, tokens, as("height", "long"))
                : CodeBlock.of("$T.gridSide($L)", Runtime.SIZES, sizes());
        return CodeBlock.of("new $T($L, $L)", Runtime.TOKENS_TO_GRID, height, width);
    }
}
