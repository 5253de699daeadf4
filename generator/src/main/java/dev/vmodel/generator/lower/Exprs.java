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
            return new Expr.Call(c.name(), c.args().stream()
                    .map(a -> new Arg(a.name(), substitute(a.value(), bindings), a.source())).toList(), c.source());
        }
        return e;
    }

    public static Set<String> names(Expr e) {
        Set<String> names = new HashSet<>();
        DeclWalk.names(e, names::add);
        return names;
    }

    public static boolean readsSizes(Expr e) {
        return e != null && names(e).stream().anyMatch(SIZE_NAMES::contains);
    }

    public static boolean readsClasses(Expr e) {
        return e != null && names(e).contains("classes");
    }
}
