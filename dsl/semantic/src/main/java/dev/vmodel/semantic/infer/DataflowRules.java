package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.UNDEFINED_VALUE;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_ARGUMENT;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.model.Axis;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The rules of a body's named values that need no shapes: merges and {@code concat} read values
 * defined above, a split leaves no current value. Shared by the {@code Elaborator}, which checks
 * every body a model reaches, and {@code UnreachedBlocks}, which checks the bodies no model
 * reaches, so both say the same thing.
 */
final class DataflowRules {
    private DataflowRules() {}

    /** A {@code concat(a, b, axis = tokens)} call, its arguments checked. */
    record Concat(Axis axis, List<String> inputs) {}

    /** Checks a {@code concat} call's arguments; {@code isValue} tells the values defined above. */
    static Concat concat(Stage.Call c, Predicate<String> isValue) {
        Axis axis = Axis.CHANNELS;
        List<String> inputs = new ArrayList<>();
        for (Arg a : c.args()) {
            if (a.isNamed()) {
                if (!a.name().equals("axis")) {
                    throw new SpecError(
                            UNKNOWN_ARGUMENT,
                            "concat has no argument '" + a.name() + "'; it takes values and axis",
                            a.source());
                }
                if (a.value() instanceof Expr.Ref r
                        && (r.name().equals("tokens") || r.name().equals("channels"))) {
                    axis = r.name().equals("tokens") ? Axis.TOKENS : Axis.CHANNELS;
                } else {
                    throw new SpecError(
                            BAD_VALUE,
                            "concat axis must be channels or tokens",
                            a.value().source());
                }
                continue;
            }
            if (!(a.value() instanceof Expr.Ref r) || !isValue.test(r.name())) {
                throw new SpecError(
                        UNDEFINED_VALUE, "concat takes values defined above, e.g. concat(a, b)", a.source());
            }
            inputs.add(r.name());
        }
        if (inputs.size() < 2) throw new SpecError(BAD_VALUE, "concat needs at least two values", c.source());
        return new Concat(axis, inputs);
    }

    /** Checks that a merge operand ({@code u} in {@code u * v}) names a value defined above. */
    static void namedValue(Stage.Call c, Predicate<String> isValue) {
        if (c.hasParens() || !isValue.test(c.name())) {
            throw new SpecError(
                    UNDEFINED_VALUE,
                    "'" + c.name() + "' is not a value defined above (merges combine named values, e.g. 'u * v')",
                    c.source());
        }
    }

    /** The error for a chain that starts after a split consumed the current value. */
    static SpecError noCurrentValue(String splitInto, SourceLocation at) {
        return new SpecError(
                UNDEFINED_VALUE,
                "there is no current value here: it was split into " + splitInto
                        + "; start the chain from one of them (e.g. '"
                        + splitInto.split(", ")[0] + " -> ...')",
                at);
    }
}
