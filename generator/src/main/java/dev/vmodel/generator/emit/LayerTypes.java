package dev.vmodel.generator.emit;

import com.palantir.javapoet.TypeName;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.model.Primitive;
import java.util.Map;

/** The field type of each built-in layer, and which layers need the size of their input to be built. */
public final class LayerTypes {
    private LayerTypes() {}

    public static TypeName fieldType(Primitive p, Map<String, Expr> args) {
        return switch (p) {
            case LINEAR -> Runtime.LINEAR;
            case CONV -> Runtime.CONV2D;
            case LAYER_NORM -> Runtime.LAST_AXIS_LAYER_NORM;
            case BATCH_NORM -> Runtime.BATCH_NORM;
            case GROUP_NORM -> Runtime.GROUP_NORM;
            case DROPOUT -> Runtime.DROPOUT;
            case DROP_PATH -> Runtime.DROP_PATH;
            case ATTENTION -> Runtime.ATTENTION;
            case POS_EMBED -> "sinusoidal".equals(symbol(args.get("kind"))) ? Runtime.SINUSOIDAL_POSITIONS : Runtime.LEARNED_POSITIONS;
            case CLASS_TOKEN -> Runtime.CLASS_TOKEN;
            case POOL -> "seq".equals(symbol(args.get("kind"))) ? Runtime.SEQUENCE_POOLING : Runtime.TOKEN_POOLING;
            case TOKENS -> Runtime.IMAGE_TO_TOKENS;
            case GRID -> Runtime.TOKENS_TO_GRID;
            case SCALE -> Runtime.SCALE;
            case AFFINE -> Runtime.AFFINE;
            default -> Runtime.BLOCK;
        };
    }

    /** Layers whose construction reads the input's sizes even when the spec names none. */
    public static boolean needsSizes(Primitive p, Map<String, Expr> args) {
        return switch (p) {
            case ATTENTION, BATCH_NORM -> true;
            case GRID -> !args.containsKey("height") || !args.containsKey("width");
            default -> false;
        };
    }

    /** The name of a symbol argument written literally ({@code pool(mean)}), or null. */
    static String symbol(Expr e) {
        return e instanceof Expr.Ref r ? r.name() : null;
    }
}
