package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.NON_POSITIVE_SIZE;
import static dev.vmodel.semantic.IssueCodes.NUMBER_TOO_LARGE;
import static dev.vmodel.semantic.IssueCodes.PROBABILITY_RANGE;
import static dev.vmodel.semantic.IssueCodes.TYPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ArgKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks an evaluated value against what an argument accepts, with messages that name the argument. */
final class Coerce {
    private Coerce() {}

    static Value to(ArgKind kind, Value v, String what, Set<String> symbols, SourceLocation at) {
        return switch (kind) {
            case SIZE -> new Value.Int(size(v, what, at));
            case COUNT -> {
                long n = integer(v, what, at);
                if (n < 0) throw new SpecError(NON_POSITIVE_SIZE, what + " must be 0 or more, got " + n, at);
                yield new Value.Int(n);
            }
            case INTEGER -> new Value.Int(integer(v, what, at));
            case TEXT -> {
                if (v instanceof Value.Text) yield v;
                throw mismatch(v, what, "a string in double quotes", at);
            }
            case NUMBER -> number(v, what, at);
            case POSITIVE -> {
                Value n = number(v, what, at);
                if (Evaluator.toDouble(n) <= 0) {
                    throw new SpecError(NON_POSITIVE_SIZE, what + " must be greater than 0, got " + n.show(), at);
                }
                yield n;
            }
            case PROBABILITY -> {
                Value n = number(v, what, at);
                double p = Evaluator.toDouble(n);
                if (p < 0 || p > 1) {
                    throw new SpecError(
                            PROBABILITY_RANGE, what + " is a probability and must be in [0, 1], got " + n.show(), at);
                }
                yield new Value.Real(p);
            }
            case BOOL -> {
                if (v instanceof Value.Bool) yield v;
                throw mismatch(v, what, "true or false", at);
            }
            case INIT -> init(v, what, at);
            case SYMBOL -> {
                if (v instanceof Value.Symbol s && symbols.contains(s.name())) yield v;
                throw new SpecError(
                        v instanceof Value.Symbol ? UNKNOWN_NAME : TYPE_MISMATCH,
                        what + " must be one of " + String.join(", ", new TreeSet<>(symbols)) + ", got " + v.show(),
                        at);
            }
            case PADDING -> {
                if (v instanceof Value.Symbol s && s.name().equals("same")) yield v;
                long n = integer(v, what, at);
                if (n < 0)
                    throw new SpecError(NON_POSITIVE_SIZE, what + " must be 0 or more (or 'same'), got " + n, at);
                yield new Value.Int(n);
            }
        };
    }

    static long integer(Value v, String what, SourceLocation at) {
        if (v instanceof Value.Int i) return i.value();
        if (v instanceof Value.Real r && r.value() == Math.rint(r.value()) && Math.abs(r.value()) < 1e15) {
            return (long) r.value();
        }
        throw mismatch(v, what, "an integer", at);
    }

    static long size(Value v, String what, SourceLocation at) {
        long n = integer(v, what, at);
        if (n <= 0) throw new SpecError(NON_POSITIVE_SIZE, what + " must be a positive size, got " + n, at);
        return n;
    }

    /**
     * A number, which must fit a 32-bit float: layers compute in floats, and a rate, epsilon or
     * initialiser scale that a float rounds to infinity or to 0 would silently change the model
     * (written as a literal, it does not even compile).
     */
    static Value number(Value v, String what, SourceLocation at) {
        if (v instanceof Value.Real r && outsideFloat(r.value())) {
            throw new SpecError(
                    NUMBER_TOO_LARGE,
                    what + " is " + r.show() + ", outside the range of a 32-bit float"
                            + " (magnitudes from 1.4e-45 to 3.4e38, or 0), in which layers compute",
                    at);
        }
        if (v instanceof Value.Int || v instanceof Value.Real) return v;
        throw mismatch(v, what, "a number", at);
    }

    static boolean outsideFloat(double d) {
        return d != 0 && ((float) d == 0 || Float.isInfinite((float) d));
    }

    static Value.Init init(Value v, String what, SourceLocation at) {
        String name;
        List<Value> args;
        if (v instanceof Value.Symbol s) {
            name = s.name();
            args = List.of();
        } else if (v instanceof Value.Construct c) {
            name = c.name();
            args = c.args();
        } else if (v instanceof Value.Init i) {
            return i;
        } else {
            throw mismatch(v, what, "an initialiser such as normal(0.02) or zeros", at);
        }
        Integer arity = Value.Init.KINDS.get(name);
        if (arity == null) {
            throw new SpecError(
                    UNKNOWN_NAME,
                    "unknown initialiser '" + name + "' for " + what + "; known: "
                            + String.join(", ", new TreeSet<>(Value.Init.KINDS.keySet())),
                    at);
        }
        if (args.size() != arity) {
            throw new SpecError(
                    BAD_VALUE,
                    "initialiser " + name + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got "
                            + args.size(),
                    at);
        }
        List<Double> numbers = new ArrayList<>();
        for (Value a : args) numbers.add(Evaluator.toDouble(number(a, name + "'s argument", at)));
        if ((name.equals("normal") || name.equals("truncNormal") || name.equals("uniform")) && numbers.get(0) <= 0) {
            throw new SpecError(NON_POSITIVE_SIZE, name + " needs a positive scale, got " + numbers.get(0), at);
        }
        return new Value.Init(name, numbers);
    }

    private static SpecError mismatch(Value v, String what, String expected, SourceLocation at) {
        if (v instanceof Value.Symbol s) {
            return new SpecError(
                    UNKNOWN_NAME, "unknown name '" + s.name() + "' (" + what + " must be " + expected + ")", at);
        }
        return new SpecError(TYPE_MISMATCH, what + " must be " + expected + ", got " + v.show(), at);
    }
}
