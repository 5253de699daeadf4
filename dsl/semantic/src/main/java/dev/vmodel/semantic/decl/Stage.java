package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.MergeOp;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** One stage of a chain {@code a -> b -> c}. */
public sealed interface Stage {
    SourceLocation source();

    /**
     * {@code name} or {@code name(args)}: a primitive layer, a user block, or (without arguments)
     * a reference to a bound value. {@code label} is the role name the spec gave the layer
     * ({@code proj: linear(dim)}), or null: it names the generated field and the saved weights.
     */
    record Call(String name, List<Arg> args, boolean hasParens, SourceLocation source, String label) implements Stage {
        /** The calls that start a chain from no value (a learned tensor) or from several values. */
        public static final Set<String> SOURCES = Set.of("weight", "einsum", "take");

        public Call(String name, List<Arg> args, boolean hasParens, SourceLocation source) {
            this(name, args, hasParens, source, null);
        }

        /**
         * Whether this call is {@code weight(...)}, {@code einsum(...)} or {@code take(...)}, which
         * start a chain without the current value, and not a value the body bound under that name.
         */
        public boolean isSource(Predicate<String> isValue) {
            return hasParens && SOURCES.contains(name) && !isValue.test(name);
        }
    }

    /** {@code left op right}: element-wise merge of two values ({@code u * v}, {@code a + b}, {@code a - b}). */
    record Merge(MergeOp op, Call left, Call right, SourceLocation source) implements Stage {}

    /** {@code repeat count [as index] { body }}. */
    record Repeat(Expr count, String index, List<Stmt> body, SourceLocation source) implements Stage {}

    /** {@code residual { body }}: x + body(x). */
    record Residual(List<Stmt> body, SourceLocation source) implements Stage {}

    /** {@code mix tokens { body }}: the body acts along the token axis (transpose in and out). */
    record Mix(Axis axis, List<Stmt> body, SourceLocation source) implements Stage {}
}
