package dev.vmodel.generator.lower;

import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.DeclWalk;
import dev.vmodel.semantic.decl.Expr;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Small operations on spec expressions that code generation needs. */
public final class Exprs {
    /** Names that read a size of the current value. */
    public static final Set<String> SIZE_NAMES = Set.of("tokens", "channels", "height", "width");

    private Exprs() {}

    /** Replaces every reference to a name in {@code bindings} by its expression. */
    public static Expr substitute(Expr e, Map<String, Expr> bindings) {
        if (e instanceof Expr.Ref r) return bindings.getOrDefault(r.name(), r);
        if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), substitute(b.left(), bindings), substitute(b.right(), bindings), b.source());
        }
        if (e instanceof Expr.Negate n) return new Expr.Negate(substitute(n.operand(), bindings), n.source());
        if (e instanceof Expr.Call c) {
            return new Expr.Call(
                    c.name(),
                    c.args().stream()
                            .map(a -> new Arg(a.name(), substitute(a.value(), bindings), a.source()))
                            .toList(),
                    c.source());
        }
        return e;
    }

    public static Set<String> names(Expr e) {
        Set<String> names = new HashSet<>();
        DeclWalk.names(e, names::add);
        return names;
    }

    /** The expression as the spec would write it ({@code 6 * dim}, {@code normal(0.02)}), for documentation. */
    public static String text(Expr e) {
        return text(e, 0);
    }

    private static String text(Expr e, int outer) {
        if (e instanceof Expr.Number n) return n.text();
        if (e instanceof Expr.Bool b) return Boolean.toString(b.value());
        if (e instanceof Expr.Text t)
            return '"' + t.value().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        if (e instanceof Expr.Ref r) return r.name();
        if (e instanceof Expr.Negate n) return "-" + text(n.operand(), 3);
        if (e instanceof Expr.Binary b) {
            int p = b.op() == '+' || b.op() == '-' ? 1 : 2;
            String s = text(b.left(), p) + " " + b.op() + " " + text(b.right(), p + 1);
            return p < outer ? "(" + s + ")" : s;
        }
        if (e instanceof Expr.Compare c) {
            String s = text(c.left(), 1) + " " + c.op() + " " + text(c.right(), 1);
            return outer > 0 ? "(" + s + ")" : s;
        }
        if (e instanceof Expr.Index i) {
            StringBuilder s = new StringBuilder(i.name()).append('[');
            for (int k = 0; k < i.indices().size(); k++)
                s.append(k > 0 ? ", " : "").append(text(i.indices().get(k), 0));
            return s.append(']').toString();
        }
        Expr.Call c = (Expr.Call) e;
        StringBuilder s = new StringBuilder(c.name()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
            Arg a = c.args().get(i);
            if (i > 0) s.append(", ");
            if (a.isNamed()) s.append(a.name()).append(" = ");
            s.append(text(a.value(), 0));
        }
        return s.append(')').toString();
    }

    public static boolean readsSizes(Expr e) {
        return e != null && names(e).stream().anyMatch(SIZE_NAMES::contains);
    }

    public static boolean readsClasses(Expr e) {
        return e != null && names(e).contains("classes");
    }
}
