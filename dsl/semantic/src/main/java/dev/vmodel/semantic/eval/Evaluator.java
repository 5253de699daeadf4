package dev.vmodel.semantic.eval;

import static dev.vmodel.semantic.IssueCodes.DIVISION_BY_ZERO;
import static dev.vmodel.semantic.IssueCodes.INTEGER_OVERFLOW;
import static dev.vmodel.semantic.IssueCodes.NUMBER_TOO_LARGE;
import static dev.vmodel.semantic.IssueCodes.TYPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;

import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates expressions. Integers are 64-bit and exact: overflow and division by zero are errors,
 * never silent wrap-around or infinity. {@code int / int} is floor division (sizes stay integers,
 * as in the papers' {@code k // 2}); any float operand makes the result a float.
 */
public final class Evaluator {
    private Evaluator() {}

    public static Value eval(Expr expr, Names names) {
        if (expr instanceof Expr.Number n) return number(n);
        if (expr instanceof Expr.Bool b) return new Value.Bool(b.value());
        if (expr instanceof Expr.Text t) return new Value.Text(t.value());
        if (expr instanceof Expr.Ref r) {
            Value v = names.lookup(r.name(), r.source());
            if (v == null && r.name().equals("pi")) return new Value.Real(Math.PI);
            return v != null ? v : new Value.Symbol(r.name());
        }
        if (expr instanceof Expr.Compare c) return compare(c, eval(c.left(), names), eval(c.right(), names));
        if (expr instanceof Expr.Index i) return index(i, names);
        if (expr instanceof Expr.Negate n) return negate(n, eval(n.operand(), names));
        if (expr instanceof Expr.Binary b) return binary(b, eval(b.left(), names), eval(b.right(), names));
        return call((Expr.Call) expr, names);
    }

    private static Value number(Expr.Number n) {
        String text = n.text();
        boolean isFloat = text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0;
        if (isFloat) {
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                throw new SpecError(
                        NUMBER_TOO_LARGE, "number " + abbreviate(text) + " is too large for a float", n.source());
            }
            if (d == 0 && mantissaIsNonZero(text)) {
                throw new SpecError(
                        NUMBER_TOO_LARGE,
                        "number " + abbreviate(text) + " is too small for a float: it rounds to 0",
                        n.source());
            }
            return new Value.Real(d);
        }
        BigInteger big = new BigInteger(text);
        if (big.bitLength() > 63) {
            throw new SpecError(
                    NUMBER_TOO_LARGE,
                    "number " + abbreviate(text) + " is too large (the largest integer is " + Long.MAX_VALUE + ")",
                    n.source());
        }
        return new Value.Int(big.longValue());
    }

    private static boolean mantissaIsNonZero(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') return false;
            if (c >= '1' && c <= '9') return true;
        }
        return false;
    }

    private static String abbreviate(String digits) {
        return digits.length() <= 40 ? digits : digits.substring(0, 20) + "…(" + digits.length() + " digits)";
    }

    private static Value negate(Expr.Negate n, Value v) {
        if (v instanceof Value.Int i) {
            if (i.value() == Long.MIN_VALUE)
                throw new SpecError(INTEGER_OVERFLOW, "integer overflow in negation", n.source());
            return new Value.Int(-i.value());
        }
        if (v instanceof Value.Real r) return new Value.Real(-r.value());
        throw notANumber(v, n.operand());
    }

    private static Value binary(Expr.Binary b, Value l, Value r) {
        if (!(l instanceof Value.Int || l instanceof Value.Real)) throw notANumber(l, b.left());
        if (!(r instanceof Value.Int || r instanceof Value.Real)) throw notANumber(r, b.right());
        if (l instanceof Value.Int li && r instanceof Value.Int ri) {
            long a = li.value();
            long c = ri.value();
            try {
                return new Value.Int(
                        switch (b.op()) {
                            case '+' -> Math.addExact(a, c);
                            case '-' -> Math.subtractExact(a, c);
                            case '*' -> Math.multiplyExact(a, c);
                            case '/' -> {
                                if (c == 0) throw divisionByZero(b);
                                if (a == Long.MIN_VALUE && c == -1) throw new ArithmeticException();
                                yield Math.floorDiv(a, c);
                            }
                            case '%' -> {
                                if (c == 0) throw divisionByZero(b);
                                yield Math.floorMod(a, c);
                            }
                            default -> throw new IllegalStateException("operator " + b.op());
                        });
            } catch (ArithmeticException e) {
                throw new SpecError(
                        INTEGER_OVERFLOW,
                        "integer overflow: " + a + " " + b.op() + " " + c + " does not fit in 64 bits",
                        b.source());
            }
        }
        double a = toDouble(l);
        double c = toDouble(r);
        if ((b.op() == '/' || b.op() == '%') && c == 0.0) throw divisionByZero(b);
        double result = switch (b.op()) {
            case '+' -> a + c;
            case '-' -> a - c;
            case '*' -> a * c;
            case '/' -> a / c;
            case '%' -> a % c;
            default -> throw new IllegalStateException("operator " + b.op());
        };
        if (Double.isInfinite(result)) {
            throw new SpecError(NUMBER_TOO_LARGE, "float overflow in " + a + " " + b.op() + " " + c, b.source());
        }
        return new Value.Real(result);
    }

    private static Value compare(Expr.Compare c, Value l, Value r) {
        if (!(l instanceof Value.Int || l instanceof Value.Real)) throw notANumber(l, c.left());
        if (!(r instanceof Value.Int || r instanceof Value.Real)) throw notANumber(r, c.right());
        int order = l instanceof Value.Int li && r instanceof Value.Int ri
                ? Long.compare(li.value(), ri.value())
                : Double.compare(toDouble(l), toDouble(r));
        boolean holds = switch (c.op()) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            case ">=" -> order >= 0;
            case "==" -> order == 0;
            case "!=" -> order != 0;
            default -> throw new IllegalStateException("operator " + c.op());
        };
        return new Value.Int(holds ? 1 : 0);
    }

    /** {@code band[y]}: an element of a constant table, each index checked against its size. */
    private static Value index(Expr.Index i, Names names) {
        Value v = names.lookup(i.name(), i.source());
        if (!(v instanceof Value.Table t)) {
            throw new SpecError(
                    UNKNOWN_NAME,
                    "'" + i.name() + "' is not a constant table declared before this point; only a 'const' can be"
                            + " indexed",
                    i.source());
        }
        if (i.indices().size() != t.dims().size()) {
            throw new SpecError(
                    TYPE_MISMATCH,
                    i.name() + " has " + t.dims().size() + " axes " + t.show().substring(5) + " but is indexed with "
                            + i.indices().size(),
                    i.source());
        }
        long offset = 0;
        for (int k = 0; k < i.indices().size(); k++) {
            Expr e = i.indices().get(k);
            Value index = eval(e, names);
            if (!(index instanceof Value.Int n))
                throw new SpecError(TYPE_MISMATCH, "an index must be an integer, got " + index.show(), e.source());
            long size = t.dims().get(k);
            if (n.value() < 0 || n.value() >= size) {
                throw new SpecError(
                        TYPE_MISMATCH,
                        "index " + n.value() + " is outside axis " + k + " of " + i.name() + " (size " + size + ")",
                        e.source());
            }
            offset = offset * size + n.value();
        }
        double x = t.values()[(int) offset];
        return t.integral() ? new Value.Int((long) x) : new Value.Real(x);
    }

    private static SpecError divisionByZero(Expr.Binary b) {
        return new SpecError(
                DIVISION_BY_ZERO,
                "division by zero: the right side of '" + b.op() + "' evaluates to 0",
                b.right().source());
    }

    private static Value call(Expr.Call c, Names names) {
        List<Value> args = new ArrayList<>();
        for (Arg a : c.args()) args.add(eval(a.value(), names));
        switch (c.name()) {
            case "max", "min" -> {
                requireNumbers(c, args, AT_LEAST_ONE, c.name() + " needs at least one argument", false);
                Value best = null;
                for (Value v : args) {
                    if (best == null) {
                        best = v;
                    } else {
                        double cmp = toDouble(v) - toDouble(best);
                        if (c.name().equals("max") ? cmp > 0 : cmp < 0) best = v;
                    }
                }
                return best;
            }
            case "floor", "ceil", "round", "sqrt" -> {
                requireNumbers(c, args, 1, c.name() + " takes exactly one argument", false);
                double d = toDouble(args.get(0));
                return switch (c.name()) {
                    case "floor" -> new Value.Int((long) Math.floor(d));
                    case "ceil" -> new Value.Int((long) Math.ceil(d));
                    case "round" -> new Value.Int(Math.round(d));
                    default -> {
                        if (d < 0) throw new SpecError(TYPE_MISMATCH, "sqrt of a negative number", c.source());
                        yield new Value.Real(Math.sqrt(d));
                    }
                };
            }
            case "select" -> {
                requireNumbers(c, args, 3, "select takes a condition and two values: select(cond, a, b)", true);
                Value cond = args.get(0);
                boolean holds = cond instanceof Value.Bool b ? b.value() : toDouble(cond) != 0;
                return holds ? args.get(1) : args.get(2);
            }
            case "sin", "cos", "exp", "log", "abs" -> {
                requireNumbers(c, args, 1, c.name() + " takes exactly one argument", false);
                Value v = args.get(0);
                if (c.name().equals("abs") && v instanceof Value.Int n) {
                    if (n.value() == Long.MIN_VALUE)
                        throw new SpecError(INTEGER_OVERFLOW, "integer overflow in abs", c.source());
                    return new Value.Int(Math.abs(n.value()));
                }
                double d = toDouble(v);
                if (c.name().equals("log") && d <= 0) {
                    throw new SpecError(TYPE_MISMATCH, "log of " + v.show() + ": needs a number above 0", c.source());
                }
                return new Value.Real(
                        switch (c.name()) {
                            case "sin" -> Math.sin(d);
                            case "cos" -> Math.cos(d);
                            case "exp" -> Math.exp(d);
                            case "log" -> Math.log(d);
                            default -> Math.abs(d);
                        });
            }
            case "pow" -> {
                requireNumbers(c, args, 2, "pow takes a base and an exponent: pow(x, y)", false);
                double result = Math.pow(toDouble(args.get(0)), toDouble(args.get(1)));
                if (Double.isNaN(result) || Double.isInfinite(result)) {
                    throw new SpecError(
                            NUMBER_TOO_LARGE,
                            "pow(" + args.get(0).show() + ", " + args.get(1).show() + ") is not a finite number",
                            c.source());
                }
                return new Value.Real(result);
            }
            default -> {
                return new Value.Construct(c.name(), args);
            }
        }
    }

    /** {@link #requireNumbers}' count for a function of one or more arguments ({@code max}, {@code min}). */
    private static final int AT_LEAST_ONE = -1;

    /**
     * Checks a function's argument count ({@code usage} is the error otherwise) and that each
     * argument is a number, or also a truth value where {@code truthValues} (select's condition).
     */
    private static void requireNumbers(Expr.Call c, List<Value> args, int count, String usage, boolean truthValues) {
        if (count == AT_LEAST_ONE ? args.isEmpty() : args.size() != count) {
            throw new SpecError(TYPE_MISMATCH, usage, c.source());
        }
        for (int i = 0; i < args.size(); i++) {
            Value v = args.get(i);
            if (!(v instanceof Value.Int || v instanceof Value.Real || (truthValues && v instanceof Value.Bool)))
                throw notANumber(v, c.args().get(i).value());
        }
    }

    public static double toDouble(Value v) {
        return v instanceof Value.Int i ? i.value() : ((Value.Real) v).value();
    }

    /** The error for a non-number where a number is needed; a bare unknown name says so. */
    public static SpecError notANumber(Value v, Expr where) {
        if (v instanceof Value.Symbol s) {
            return new SpecError(UNKNOWN_NAME, "unknown name '" + s.name() + "'", where.source());
        }
        return new SpecError(TYPE_MISMATCH, "expected a number, got " + v.show(), where.source());
    }
}
