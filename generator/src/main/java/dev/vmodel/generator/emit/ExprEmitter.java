package dev.vmodel.generator.emit;

import com.palantir.javapoet.CodeBlock;
import dev.vmodel.generator.ir.ExprIr;
import dev.vmodel.generator.ir.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the IR's expressions as Java with the spec's semantics: 64-bit integers with floor
 * division ({@code Math.floorDiv}), doubles as soon as one operand is a double, sizes such as
 * {@code tokens} read from the shape of a named value. Types and folding were decided by lowering.
 */
final class ExprEmitter {

    /** A translated expression and its Java type; {@code precedence} decides where parentheses go. */
    record Typed(CodeBlock code, ValueType type, int precedence) {
        static final int ATOM = 3;
        static final int PRODUCT = 2;
        static final int SUM = 1;
    }

    /** What names mean where the expression is used: params, repeat indices, {@code classes}. */
    interface Scope {
        /** The Java expression and type of a name, or null for a name not in scope. */
        Typed lookup(String name);
    }

    /**
     * The parameter of a constant table's lambda, {@code idx -> ...}: the index tuple. Reserved in
     * every generated class, so it cannot shadow a local.
     */
    static final String TABLE_INDEX = "idx";

    static Typed emit(ExprIr e, Scope scope) {
        if (e instanceof ExprIr.LongLit n) {
            long v = n.value();
            String text = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Long.toString(v) : v + "L";
            return new Typed(CodeBlock.of("$L", text), ValueType.LONG, v < 0 ? Typed.SUM : Typed.ATOM);
        }
        if (e instanceof ExprIr.DoubleLit d) {
            return new Typed(
                    CodeBlock.of("$L", Double.toString(d.value())),
                    ValueType.DOUBLE,
                    d.value() < 0 ? Typed.SUM : Typed.ATOM);
        }
        if (e instanceof ExprIr.BoolLit b)
            return new Typed(CodeBlock.of("$L", b.value()), ValueType.BOOLEAN, Typed.ATOM);
        if (e instanceof ExprIr.TextLit t)
            return new Typed(CodeBlock.of("$S", t.value()), ValueType.STRING, Typed.ATOM);
        if (e instanceof ExprIr.Symbol s) return new Typed(CodeBlock.of("$S", s.name()), ValueType.SYMBOL, Typed.ATOM);
        if (e instanceof ExprIr.InitLit i)
            return new Typed(initializer(i.kind(), i.args()), ValueType.INIT, Typed.ATOM);
        if (e instanceof ExprIr.Param p) return bound(p.name(), scope);
        if (e instanceof ExprIr.Index i) return bound(i.name(), scope);
        if (e instanceof ExprIr.Classes) return bound("classes", scope);
        if (e instanceof ExprIr.Size s) {
            return new Typed(CodeBlock.of("$T.$L($L)", Runtime.SIZES, s.axis(), s.value()), ValueType.LONG, Typed.ATOM);
        }
        if (e instanceof ExprIr.TableIndex i) {
            return new Typed(CodeBlock.of("$L[$L]", TABLE_INDEX, i.position()), ValueType.LONG, Typed.ATOM);
        }
        if (e instanceof ExprIr.TableAt t) {
            List<CodeBlock> indices = new ArrayList<>();
            for (ExprIr i : t.indices()) indices.add(as(emit(i, scope), "long"));
            CodeBlock at = CodeBlock.of("$L.at($L)", t.field(), CodeBlock.join(indices, ", "));
            return t.type() == ValueType.LONG
                    ? new Typed(CodeBlock.of("(long) $L", at), ValueType.LONG, Typed.PRODUCT)
                    : new Typed(at, ValueType.DOUBLE, Typed.ATOM);
        }
        if (e instanceof ExprIr.Compare c) {
            Typed l = emit(c.left(), scope);
            Typed r = emit(c.right(), scope);
            return new Typed(
                    CodeBlock.of("($L $L $L ? 1L : 0L)", l.code(), c.op(), r.code()), ValueType.LONG, Typed.ATOM);
        }
        if (e instanceof ExprIr.Negate n) {
            Typed o = emit(n.operand(), scope);
            return new Typed(CodeBlock.of("-$L", wrap(o, Typed.ATOM)), n.type(), Typed.ATOM);
        }
        if (e instanceof ExprIr.Binary b) return binary(b, scope);
        return call((ExprIr.Call) e, scope);
    }

    private static Typed bound(String name, Scope scope) {
        Typed t = scope.lookup(name);
        if (t == null) throw new IllegalStateException("'" + name + "' is not in scope here");
        return t;
    }

    private static Typed binary(ExprIr.Binary b, Scope scope) {
        Typed l = emit(b.left(), scope);
        Typed r = emit(b.right(), scope);
        ValueType t = b.type();
        boolean integers = l.type() == ValueType.LONG && r.type() == ValueType.LONG;
        if (integers && b.op() == '/') {
            return new Typed(CodeBlock.of("$T.floorDiv($L,$W$L)", Math.class, l.code(), r.code()), t, Typed.ATOM);
        }
        if (integers && b.op() == '%') {
            return new Typed(CodeBlock.of("$T.floorMod($L, $L)", Math.class, l.code(), r.code()), t, Typed.ATOM);
        }
        int p = b.op() == '+' || b.op() == '-' ? Typed.SUM : Typed.PRODUCT;
        // The right operand of '-' and '/' needs parentheses at equal precedence: a - (b - c).
        int rightNeeds = b.op() == '+' || b.op() == '*' ? p : p + 1;
        return new Typed(CodeBlock.of("$L $L $L", wrap(l, p), b.op(), wrap(r, rightNeeds)), t, p);
    }

    private static Typed call(ExprIr.Call c, Scope scope) {
        List<Typed> args = new ArrayList<>();
        for (ExprIr a : c.args()) args.add(emit(a, scope));
        switch (c.function()) {
            case "max", "min" -> {
                Typed acc = args.get(0);
                for (int i = 1; i < args.size(); i++) {
                    Typed next = args.get(i);
                    acc = new Typed(
                            CodeBlock.of("$T.$L($L,$W$L)", Math.class, c.function(), acc.code(), next.code()),
                            acc.type().join(next.type()),
                            Typed.ATOM);
                }
                return acc;
            }
            case "floor", "ceil" -> {
                return new Typed(
                        CodeBlock.of(
                                "(long) $T.$L($L)",
                                Math.class,
                                c.function(),
                                args.get(0).code()),
                        ValueType.LONG,
                        Typed.PRODUCT);
            }
            case "round" -> {
                return new Typed(
                        CodeBlock.of(
                                "$T.round((double) $L)", Math.class, args.get(0).code()),
                        ValueType.LONG,
                        Typed.ATOM);
            }
            case "sqrt", "sin", "cos", "exp", "log" -> {
                return new Typed(
                        CodeBlock.of(
                                "$T.$L($L)",
                                Math.class,
                                c.function(),
                                args.get(0).code()),
                        ValueType.DOUBLE,
                        Typed.ATOM);
            }
            case "pow" -> {
                return new Typed(
                        CodeBlock.of(
                                "$T.pow($L, $L)",
                                Math.class,
                                args.get(0).code(),
                                args.get(1).code()),
                        ValueType.DOUBLE,
                        Typed.ATOM);
            }
            case "abs" -> {
                return new Typed(
                        CodeBlock.of("$T.abs($L)", Math.class, args.get(0).code()),
                        args.get(0).type(),
                        Typed.ATOM);
            }
            case "select" -> {
                ValueType t = c.type();
                CodeBlock a = t == ValueType.DOUBLE
                        ? as(args.get(1), "double")
                        : args.get(1).code();
                CodeBlock b = t == ValueType.DOUBLE
                        ? as(args.get(2), "double")
                        : args.get(2).code();
                return new Typed(
                        CodeBlock.of("($L != 0 ? $L : $L)", wrap(args.get(0), Typed.ATOM), a, b), t, Typed.ATOM);
            }
            default -> {
                CodeBlock.Builder code = CodeBlock.builder().add("$T.$L(", Runtime.INITS, c.function());
                for (int i = 0; i < args.size(); i++) {
                    code.add(i == 0 ? "$L" : ", $L", as(args.get(i), "float"));
                }
                return new Typed(code.add(")").build(), ValueType.INIT, Typed.ATOM);
            }
        }
    }

    /** The expression, in parentheses unless it is an atom: safe to cast or call a method on. */
    static CodeBlock wrapAtom(Typed t) {
        return wrap(t, Typed.ATOM);
    }

    private static CodeBlock wrap(Typed t, int needed) {
        return t.precedence() < needed ? CodeBlock.of("($L)", t.code()) : t.code();
    }

    /** The expression converted to a Java type a DJL or runtime method takes: long, int, float, double, boolean. */
    static CodeBlock as(Typed t, String javaType) {
        switch (javaType) {
            case "long" -> {
                return t.type() == ValueType.LONG ? t.code() : CodeBlock.of("(long) $L", wrap(t, Typed.ATOM));
            }
            case "int" -> {
                if (t.precedence() == Typed.ATOM && t.code().toString().matches("[0-9]+")) return t.code();
                return CodeBlock.of("$T.toInt($L)", Runtime.SIZES, as(t, "long"));
            }
            case "float" -> {
                String text = t.code().toString();
                if (text.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?L?")) {
                    return floatLiteral(text.endsWith("L") ? text.substring(0, text.length() - 1) : text);
                }
                return CodeBlock.of("(float) $L", wrap(t, Typed.ATOM));
            }
            case "double" -> {
                return t.code();
            }
            default -> {
                return t.code();
            }
        }
    }

    /** The expression as an initialiser: a symbol ({@code zeros}) becomes a runtime call, {@code default} null. */
    static CodeBlock asInit(Typed t) {
        if (t.type() == ValueType.SYMBOL) {
            String name = t.code().toString().replace("\"", "");
            return name.equals("default") ? CodeBlock.of("null") : initializer(name, List.of());
        }
        return t.code();
    }

    /** Spec initialiser names are the names of the runtime's factories in {@code Inits}. */
    static CodeBlock initializer(String kind, List<Double> args) {
        if (kind.equals("default")) return CodeBlock.of("null");
        CodeBlock.Builder code = CodeBlock.builder().add("$T.$L(", Runtime.INITS, kind);
        for (int i = 0; i < args.size(); i++)
            code.add(i == 0 ? "$L" : ", $L", floatLiteral(Double.toString(args.get(i))));
        return code.add(")").build();
    }

    /**
     * A number as a Java float literal; one beyond float's range ({@code 1e39}, {@code 1e-50}) is
     * a compile error as a literal, so it becomes a cast of the double, which Java rounds to
     * infinity or zero as DJL would at run time.
     */
    static CodeBlock floatLiteral(String number) {
        double v = Double.parseDouble(number);
        boolean fits = v == 0 || Math.abs(v) <= Float.MAX_VALUE && Math.abs(v) >= Float.MIN_VALUE;
        return fits ? CodeBlock.of("$Lf", number) : CodeBlock.of("(float) $L", Double.toString(v));
    }
}
