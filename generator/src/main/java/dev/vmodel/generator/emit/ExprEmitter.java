package dev.vmodel.generator.emit;

import com.palantir.javapoet.CodeBlock;
import dev.vmodel.generator.ir.JavaType;
import dev.vmodel.generator.lower.Exprs;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates spec expressions into Java with the spec's semantics: 64-bit integers with floor
 * division ({@code Math.floorDiv}), doubles as soon as one operand is a double, sizes such as
 * {@code tokens} read from the shape of the current value, constant sub-expressions folded.
 */
final class ExprEmitter {

    /** A translated expression and its Java type; {@code precedence} decides where parentheses go. */
    record Typed(CodeBlock code, JavaType type, int precedence) {
        static final int ATOM = 3;
        static final int PRODUCT = 2;
        static final int SUM = 1;
    }

    /** What names mean where the expression is used: params, repeat indices, {@code classes}. */
    interface Scope {
        /** The Java expression and type of a name, or null for an unbound name (a symbol). */
        Typed lookup(String name);

        /** The local holding the shape whose sizes {@code tokens}/{@code channels} read, or null. */
        String sizesVar();
    }

    static Typed emit(Expr e, Scope scope) {
        if (isConstant(e, scope)) {
            Value v = Evaluator.eval(e, Names.NONE);
            if (!(v instanceof Value.Symbol) && !(v instanceof Value.Construct)) return literal(v);
        }
        if (e instanceof Expr.Number n) return literal(Evaluator.eval(n, Names.NONE));
        if (e instanceof Expr.Bool b) return new Typed(CodeBlock.of("$L", b.value()), JavaType.BOOLEAN, Typed.ATOM);
        if (e instanceof Expr.Text t) return new Typed(CodeBlock.of("$S", t.value()), JavaType.STRING, Typed.ATOM);
        if (e instanceof Expr.Ref r) return ref(r.name(), scope);
        if (e instanceof Expr.Negate n) {
            Typed o = emit(n.operand(), scope);
            return new Typed(CodeBlock.of("-$L", wrap(o, Typed.ATOM)), o.type(), Typed.ATOM);
        }
        if (e instanceof Expr.Binary b) return binary(b, scope);
        return call((Expr.Call) e, scope);
    }

    /** Whether the expression uses no param, index or size, so it can be computed now. */
    private static boolean isConstant(Expr e, Scope scope) {
        for (String name : Exprs.names(e)) {
            if (Exprs.SIZE_NAMES.contains(name) || scope.lookup(name) != null) return false;
        }
        return !(e instanceof Expr.Ref);
    }

    static Typed literal(Value v) {
        if (v instanceof Value.Int i) {
            long n = i.value();
            String text = n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? Long.toString(n) : n + "L";
            return new Typed(CodeBlock.of("$L", text), JavaType.LONG, n < 0 ? Typed.SUM : Typed.ATOM);
        }
        if (v instanceof Value.Real r) {
            return new Typed(CodeBlock.of("$L", Double.toString(r.value())), JavaType.DOUBLE,
                    r.value() < 0 ? Typed.SUM : Typed.ATOM);
        }
        if (v instanceof Value.Bool b) return new Typed(CodeBlock.of("$L", b.value()), JavaType.BOOLEAN, Typed.ATOM);
        if (v instanceof Value.Text t) return new Typed(CodeBlock.of("$S", t.value()), JavaType.STRING, Typed.ATOM);
        if (v instanceof Value.Symbol s) return new Typed(CodeBlock.of("$S", s.name()), JavaType.SYMBOL, Typed.ATOM);
        if (v instanceof Value.Init init) return new Typed(initializer(init.kind(), init.args()), JavaType.INIT, Typed.ATOM);
        Value.Construct c = (Value.Construct) v;
        List<Double> args = c.args().stream().map(Evaluator::toDouble).toList();
        return new Typed(initializer(c.name(), args), JavaType.INIT, Typed.ATOM);
    }

    private static Typed ref(String name, Scope scope) {
        Typed bound = scope.lookup(name);
        if (bound != null) return bound;
        if (Exprs.SIZE_NAMES.contains(name)) {
            if (scope.sizesVar() == null) throw new IllegalStateException("'" + name + "' has no current value here");
            return new Typed(CodeBlock.of("$T.$L($L)", Runtime.SIZES, name, scope.sizesVar()), JavaType.LONG, Typed.ATOM);
        }
        return new Typed(CodeBlock.of("$S", name), JavaType.SYMBOL, Typed.ATOM);
    }

    private static Typed binary(Expr.Binary b, Scope scope) {
        Typed l = emit(b.left(), scope);
        Typed r = emit(b.right(), scope);
        JavaType t = l.type().join(r.type());
        boolean integers = l.type() == JavaType.LONG && r.type() == JavaType.LONG;
        if (integers && b.op() == '/') {
            return new Typed(CodeBlock.of("$T.floorDiv($L, $L)", Math.class, l.code(), r.code()), t, Typed.ATOM);
        }
        if (integers && b.op() == '%') {
            return new Typed(CodeBlock.of("$T.floorMod($L, $L)", Math.class, l.code(), r.code()), t, Typed.ATOM);
        }
        int p = b.op() == '+' || b.op() == '-' ? Typed.SUM : Typed.PRODUCT;
        // The right operand of '-' and '/' needs parentheses at equal precedence: a - (b - c).
        int rightNeeds = b.op() == '+' || b.op() == '*' ? p : p + 1;
        return new Typed(CodeBlock.of("$L $L $L", wrap(l, p), b.op(), wrap(r, rightNeeds)), t, p);
    }

    private static Typed call(Expr.Call c, Scope scope) {
        List<Typed> args = new ArrayList<>();
        for (Arg a : c.args()) args.add(emit(a.value(), scope));
        switch (c.name()) {
            case "max", "min" -> {
                Typed acc = args.get(0);
                for (int i = 1; i < args.size(); i++) {
                    Typed next = args.get(i);
                    acc = new Typed(CodeBlock.of("$T.$L($L, $L)", Math.class, c.name(), acc.code(), next.code()),
                            acc.type().join(next.type()), Typed.ATOM);
                }
                return acc;
            }
            case "floor", "ceil" -> {
                return new Typed(CodeBlock.of("(long) $T.$L($L)", Math.class, c.name(), args.get(0).code()), JavaType.LONG,
                        Typed.PRODUCT);
            }
            case "round" -> {
                return new Typed(CodeBlock.of("$T.round((double) $L)", Math.class, args.get(0).code()), JavaType.LONG, Typed.ATOM);
            }
            case "sqrt" -> {
                return new Typed(CodeBlock.of("$T.sqrt($L)", Math.class, args.get(0).code()), JavaType.DOUBLE, Typed.ATOM);
            }
            default -> {
                CodeBlock.Builder code = CodeBlock.builder().add("$T.$L(", Runtime.INITS, c.name());
                for (int i = 0; i < args.size(); i++) {
                    code.add(i == 0 ? "$L" : ", $L", as(args.get(i), "float"));
                }
                return new Typed(code.add(")").build(), JavaType.INIT, Typed.ATOM);
            }
        }
    }

    private static CodeBlock wrap(Typed t, int needed) {
        return t.precedence() < needed ? CodeBlock.of("($L)", t.code()) : t.code();
    }

    /** The expression converted to a Java type a DJL or runtime method takes: long, int, float, double, boolean. */
    static CodeBlock as(Typed t, String javaType) {
        switch (javaType) {
            case "long" -> {
                return t.type() == JavaType.LONG ? t.code() : CodeBlock.of("(long) $L", wrap(t, Typed.ATOM));
            }
            case "int" -> {
                if (t.precedence() == Typed.ATOM && t.code().toString().matches("[0-9]+")) return t.code();
                return CodeBlock.of("$T.toInt($L)", Runtime.SIZES, as(t, "long"));
            }
            case "float" -> {
                String text = t.code().toString();
                if (text.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?L?")) {
                    return CodeBlock.of("$Lf", text.endsWith("L") ? text.substring(0, text.length() - 1) : text);
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
        if (t.type() == JavaType.SYMBOL) {
            String name = t.code().toString().replace("\"", "");
            return name.equals("default") ? CodeBlock.of("null") : initializer(name, List.of());
        }
        return t.code();
    }

    /** Spec initialiser names are the names of the runtime's factories in {@code Inits}. */
    static CodeBlock initializer(String kind, List<Double> args) {
        if (kind.equals("default")) return CodeBlock.of("null");
        CodeBlock.Builder code = CodeBlock.builder().add("$T.$L(", Runtime.INITS, kind);
        for (int i = 0; i < args.size(); i++) code.add(i == 0 ? "$Lf" : ", $Lf", Double.toString(args.get(i)));
        return code.add(")").build();
    }
}
