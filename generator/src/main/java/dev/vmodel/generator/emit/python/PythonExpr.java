package dev.vmodel.generator.emit.python;

import dev.vmodel.generator.ir.ExprIr;
import dev.vmodel.generator.ir.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Renders the IR's expressions as Python with the spec's semantics: integer division floors
 * ({@code //}, and Python's {@code %} already floors), a double as soon as one operand is one,
 * {@code round} half up as Java's {@code Math.round}, sizes such as {@code tokens} read from the
 * per-sample shape a local holds. Types and folding were decided by lowering; nothing is
 * evaluated here.
 */
final class PythonExpr {
    private PythonExpr() {}

    /** Python source and its precedence: where parentheses are needed. */
    record Py(String code, ValueType type, int precedence) {
        static final int ATOM = 4;
        static final int UNARY = 3;
        static final int PRODUCT = 2;
        static final int SUM = 1;
    }

    /**
     * What names mean where the expression is used.
     *
     * @param names a spec name (a param, a repeat index, {@code classes}) as a Python expression
     * @param locals a Java local of the IR (holding a shape) as its Python name
     * @param fields a field of the IR (a constant table another reads) as the Python expression reaching it
     * @param tableIndices inside a constant table's function: its parameters, by index position
     */
    record Scope(
            Function<String, String> names,
            Function<String, String> locals,
            Function<String, String> fields,
            List<String> tableIndices) {
        static final Scope EMPTY = new Scope(n -> null, n -> null);

        Scope(Function<String, String> names, Function<String, String> locals) {
            this(names, locals, f -> null, List.of());
        }

        /** This scope inside the function of a constant table whose index tuple is {@code indices}. */
        Scope inTable(Function<String, String> fields, List<String> indices) {
            return new Scope(names, locals, fields, List.copyOf(indices));
        }
    }

    /** Whether rendering {@code e} needs {@code import math}. */
    static boolean needsMath(ExprIr e) {
        boolean[] needs = {false};
        ExprIr.walk(e, x -> {
            if (x instanceof ExprIr.Call c
                    && List.of("floor", "ceil", "round", "sqrt", "sin", "cos", "exp", "log", "pow")
                            .contains(c.function())) {
                needs[0] = true;
            }
        });
        return needs[0];
    }

    static Py emit(ExprIr e, Scope scope) {
        if (e instanceof ExprIr.LongLit n) {
            return new Py(Long.toString(n.value()), ValueType.LONG, n.value() < 0 ? Py.UNARY : Py.ATOM);
        }
        if (e instanceof ExprIr.DoubleLit d) {
            String text = PythonText.number(d.value());
            return new Py(text, ValueType.DOUBLE, text.startsWith("-") ? Py.UNARY : Py.ATOM);
        }
        if (e instanceof ExprIr.BoolLit b) return new Py(b.value() ? "True" : "False", ValueType.BOOLEAN, Py.ATOM);
        if (e instanceof ExprIr.TextLit t) return new Py(PythonText.string(t.value()), ValueType.STRING, Py.ATOM);
        if (e instanceof ExprIr.Symbol s) return new Py(PythonText.string(s.name()), ValueType.SYMBOL, Py.ATOM);
        if (e instanceof ExprIr.InitLit i) {
            List<String> args = new ArrayList<>();
            for (double a : i.args()) args.add(PythonText.number(a));
            return new Py(initializer(i.kind(), args), ValueType.INIT, Py.ATOM);
        }
        if (e instanceof ExprIr.Param p) return bound(p.name(), p.type(), scope);
        if (e instanceof ExprIr.Index i) return bound(i.name(), ValueType.LONG, scope);
        if (e instanceof ExprIr.Classes) return bound("classes", ValueType.LONG, scope);
        if (e instanceof ExprIr.Size s) {
            String local = scope.locals().apply(s.value());
            if (local == null) throw new IllegalStateException("no shape '" + s.value() + "' in scope");
            return new Py("_" + s.axis() + "(" + local + ")", ValueType.LONG, Py.ATOM);
        }
        if (e instanceof ExprIr.TableIndex i) {
            if (i.position() >= scope.tableIndices().size())
                throw new IllegalStateException("index '" + i.name() + "' outside a constant table");
            return new Py(scope.tableIndices().get(i.position()), ValueType.LONG, Py.ATOM);
        }
        if (e instanceof ExprIr.TableAt t) {
            String table = scope.fields().apply(t.field());
            if (table == null) throw new IllegalStateException("no constant table '" + t.field() + "' in scope");
            List<String> indices = new ArrayList<>();
            for (ExprIr i : t.indices()) indices.add(as(i, ValueType.LONG, scope));
            // at() gives the element as stored: a float32 value of a real table, which an integer
            // expression reads as an int (the spec's type), as the Java side casts it to long.
            String at = table + ".at(" + String.join(", ", indices) + ")";
            return new Py(t.type() == ValueType.LONG ? "int(" + at + ")" : at, t.type(), Py.ATOM);
        }
        if (e instanceof ExprIr.Compare c) {
            return new Py("(1 if " + comparison(c, scope) + " else 0)", ValueType.LONG, Py.ATOM);
        }
        if (e instanceof ExprIr.Negate n) {
            Py o = emit(n.operand(), scope);
            return new Py("-" + wrap(o, Py.UNARY), n.type(), Py.UNARY);
        }
        if (e instanceof ExprIr.Binary b) return binary(b, scope);
        return call((ExprIr.Call) e, scope);
    }

    /** An expression as the value a param of type {@code target} takes: a symbol passed as an initialiser becomes one. */
    static String as(ExprIr e, ValueType target, Scope scope) {
        if (target == ValueType.INIT && e instanceof ExprIr.Symbol s) return initializer(s.name(), List.of());
        Py p = emit(e, scope);
        if (target == ValueType.DOUBLE && p.type() == ValueType.LONG && e instanceof ExprIr.LongLit n) {
            return PythonText.number((double) n.value());
        }
        if (target == ValueType.DOUBLE && p.type() == ValueType.LONG) return "float(" + p.code() + ")";
        if (target == ValueType.LONG && p.type() == ValueType.DOUBLE) return "int(" + p.code() + ")";
        return p.code();
    }

    /** {@code vr.init.trunc_normal(0.02)}: the spec's initialiser names in snake case. */
    static String initializer(String kind, List<String> args) {
        return "vr.init." + PythonText.snake(kind) + "(" + String.join(", ", args) + ")";
    }

    private static Py bound(String name, ValueType type, Scope scope) {
        String code = scope.names().apply(name);
        if (code == null) throw new IllegalStateException("'" + name + "' is not in scope here");
        return new Py(code, type, Py.ATOM);
    }

    private static Py binary(ExprIr.Binary b, Scope scope) {
        Py l = emit(b.left(), scope);
        Py r = emit(b.right(), scope);
        boolean integers = l.type() == ValueType.LONG && r.type() == ValueType.LONG;
        String op = integers && b.op() == '/' ? "//" : String.valueOf(b.op());
        int p = b.op() == '+' || b.op() == '-' ? Py.SUM : Py.PRODUCT;
        // The right operand needs parentheses at equal precedence except after + and *: a - (b - c);
        // after * too unless it is a product itself, a * (b // c) being no (a * b) // c.
        boolean product = b.right() instanceof ExprIr.Binary rb && rb.op() == '*';
        int rightNeeds = b.op() == '+' || b.op() == '*' && product ? p : p + 1;
        return new Py(wrap(l, p) + " " + op + " " + wrap(r, rightNeeds), b.type(), p);
    }

    private static Py call(ExprIr.Call c, Scope scope) {
        List<Py> args = new ArrayList<>();
        for (ExprIr a : c.args()) args.add(emit(a, scope));
        List<String> codes = args.stream().map(Py::code).toList();
        return switch (c.function()) {
            case "max", "min" -> {
                ValueType t = args.get(0).type();
                for (Py a : args) t = t.join(a.type());
                // Java's Math.max of a long and a double is a double; Python's max keeps the winner's type.
                String code = c.function() + "(" + String.join(", ", codes) + ")";
                yield new Py(
                        t == ValueType.DOUBLE && args.stream().anyMatch(a -> a.type() == ValueType.LONG)
                                ? "float(" + code + ")"
                                : code,
                        t,
                        Py.ATOM);
            }
            case "floor", "ceil" -> new Py("math." + c.function() + "(" + codes.get(0) + ")", ValueType.LONG, Py.ATOM);
            // Math.round rounds half up; Python's round rounds half to even.
            case "round" -> new Py("math.floor(" + wrap(args.get(0), Py.SUM) + " + 0.5)", ValueType.LONG, Py.ATOM);
            case "sqrt", "sin", "cos", "exp", "log" ->
                new Py("math." + c.function() + "(" + codes.get(0) + ")", ValueType.DOUBLE, Py.ATOM);
            // Java's Math.pow: always a double, as math.pow (where ** of two ints stays an int).
            case "pow" -> new Py("math.pow(" + codes.get(0) + ", " + codes.get(1) + ")", ValueType.DOUBLE, Py.ATOM);
            case "abs" -> new Py("abs(" + codes.get(0) + ")", args.get(0).type(), Py.ATOM);
            case "select" -> select(c, args, scope);
            default -> new Py(initializer(c.function(), codes), ValueType.INIT, Py.ATOM);
        };
    }

    /** {@code select(cond, a, b)}: a when cond is not 0, else b; a double when the IR says so. */
    private static Py select(ExprIr.Call c, List<Py> args, Scope scope) {
        // A comparison tests itself: (a if x < y else b), not (a if (1 if x < y else 0) != 0 else b).
        String test = c.args().get(0) instanceof ExprIr.Compare cmp
                ? comparison(cmp, scope)
                : wrap(args.get(0), Py.SUM) + " != 0";
        String a = asType(args.get(1), c.type());
        String b = asType(args.get(2), c.type());
        return new Py("(" + a + " if " + test + " else " + b + ")", c.type(), Py.ATOM);
    }

    /** {@code l < r} as a Python test; both sides are sums at most, so Python never chains it. */
    private static String comparison(ExprIr.Compare c, Scope scope) {
        return wrap(emit(c.left(), scope), Py.SUM) + " " + c.op() + " " + wrap(emit(c.right(), scope), Py.SUM);
    }

    private static String asType(Py p, ValueType t) {
        return t == ValueType.DOUBLE && p.type() == ValueType.LONG ? "float(" + p.code() + ")" : p.code();
    }

    private static String wrap(Py p, int needed) {
        return p.precedence() < needed ? "(" + p.code() + ")" : p.code();
    }
}
