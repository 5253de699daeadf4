package dev.vmodel.semantic.decl;

import java.util.List;
import java.util.function.Consumer;

/** Visits the calls and expressions of a body, depth first, in source order. */
public final class DeclWalk {
    private DeclWalk() {}

    /** Every call stage (layers, blocks and value references) in the statements. */
    public static void calls(List<Stmt> body, Consumer<Stage.Call> visit) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Flow f) {
                for (Stage st : f.stages()) callsOf(st, visit);
            }
        }
    }

    private static void callsOf(Stage st, Consumer<Stage.Call> visit) {
        if (st instanceof Stage.Call c) {
            visit.accept(c);
        } else if (st instanceof Stage.Merge m) {
            visit.accept(m.left());
            visit.accept(m.right());
        } else if (st instanceof Stage.Repeat r) {
            calls(r.body(), visit);
        } else if (st instanceof Stage.Residual r) {
            calls(r.body(), visit);
        } else if (st instanceof Stage.Mix m) {
            calls(m.body(), visit);
        }
    }

    /** Every expression in the statements (call arguments, repeat counts, split sizes), not descending into them. */
    public static void exprs(List<Stmt> body, Consumer<Expr> visit) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Split split) {
                for (Stmt.Split.Part p : split.parts()) if (p.size() != null) visit.accept(p.size());
            } else if (s instanceof Stmt.Const c) {
                c.dims().forEach(visit);
                visit.accept(c.value());
            } else if (s instanceof Stmt.Flow f) {
                for (Stage st : f.stages()) exprsOf(st, visit);
            }
        }
    }

    private static void exprsOf(Stage st, Consumer<Expr> visit) {
        if (st instanceof Stage.Call c) {
            for (Arg a : c.args()) visit.accept(a.value());
        } else if (st instanceof Stage.Repeat r) {
            visit.accept(r.count());
            exprs(r.body(), visit);
        } else if (st instanceof Stage.Residual r) {
            exprs(r.body(), visit);
        } else if (st instanceof Stage.Mix m) {
            exprs(m.body(), visit);
        }
    }

    /** Every name an expression refers to, including function names. */
    public static void names(Expr e, Consumer<String> visit) {
        if (e instanceof Expr.Ref r) {
            visit.accept(r.name());
        } else if (e instanceof Expr.Call c) {
            visit.accept(c.name());
            for (Arg a : c.args()) names(a.value(), visit);
        } else if (e instanceof Expr.Binary b) {
            names(b.left(), visit);
            names(b.right(), visit);
        } else if (e instanceof Expr.Negate n) {
            names(n.operand(), visit);
        } else if (e instanceof Expr.Compare c) {
            names(c.left(), visit);
            names(c.right(), visit);
        } else if (e instanceof Expr.Index i) {
            visit.accept(i.name());
            for (Expr index : i.indices()) names(index, visit);
        }
    }
}
