package dev.vmodel.generator.lower;

import dev.vmodel.generator.ir.ExprIr;
import dev.vmodel.generator.ir.ValueType;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spec expressions into the IR's: names classified, types decided, constant parts folded with
 * the spec's own evaluator (so a folded value is exactly what validation computed).
 */
final class ExprLowering {
    private ExprLowering() {}

    /**
     * What names mean where an expression is written.
     *
     * @param params the params in scope and their types
     * @param indices the repeat indices in scope
     * @param sizes the local whose sizes {@code tokens}, {@code channels}... read, or null where there is none
     */
    record Scope(
            Map<String, ValueType> params,
            Set<String> indices,
            String sizes,
            boolean lastAxis,
            List<String> tableIndices,
            Map<String, Table> tables) {
        /**
         * @param lastAxis the value {@code sizes} is a tensor: its {@code channels} are its last axis
         * @param tableIndices the index names of the constant table being filled, in order
         * @param tables the constant tables declared so far, by spec name
         */
        Scope {
            tableIndices = List.copyOf(tableIndices);
            tables = Map.copyOf(tables);
        }

        Scope(Map<String, ValueType> params, Set<String> indices, String sizes) {
            this(params, indices, sizes, false, List.of(), Map.of());
        }

        Scope withSizes(String value) {
            return new Scope(params, indices, value, lastAxis, tableIndices, tables);
        }

        /** Inside a constant table's expression: its indices and the tables before it are in scope. */
        Scope inTable(List<String> indices, Map<String, Table> tables) {
            return new Scope(params, this.indices, sizes, lastAxis, indices, tables);
        }

        Scope lastAxis(boolean tensor) {
            return new Scope(params, indices, sizes, tensor, tableIndices, tables);
        }
    }

    /** A constant table as expressions see it: the child holding it and the type of its elements. */
    record Table(String field, ValueType type) {}

    static ExprIr lower(Expr e, Scope scope) {
        if (e == null) return null;
        if (!(e instanceof Expr.Ref) && isConstant(e, scope)) {
            ExprIr folded = literal(Evaluator.eval(e, Names.NONE));
            if (!(folded instanceof ExprIr.Symbol)) return folded;
        }
        if (e instanceof Expr.Number || e instanceof Expr.Bool || e instanceof Expr.Text) {
            return literal(Evaluator.eval(e, Names.NONE));
        }
        if (e instanceof Expr.Ref r) return ref(r.name(), scope);
        if (e instanceof Expr.Negate n) {
            ExprIr o = lower(n.operand(), scope);
            return new ExprIr.Negate(o, o.type());
        }
        if (e instanceof Expr.Binary b) {
            ExprIr l = lower(b.left(), scope);
            ExprIr r = lower(b.right(), scope);
            return new ExprIr.Binary(b.op(), l, r, l.type().join(r.type()));
        }
        if (e instanceof Expr.Compare c) {
            return new ExprIr.Compare(c.op(), lower(c.left(), scope), lower(c.right(), scope));
        }
        if (e instanceof Expr.Index i) {
            Table t = scope.tables().get(i.name());
            if (t == null) throw new IllegalStateException("'" + i.name() + "' is not a table here");
            List<ExprIr> indices = new ArrayList<>();
            for (Expr index : i.indices()) indices.add(lower(index, scope));
            return new ExprIr.TableAt(t.field(), indices, t.type());
        }
        Expr.Call c = (Expr.Call) e;
        List<ExprIr> args = new ArrayList<>();
        for (Arg a : c.args()) args.add(lower(a.value(), scope));
        ValueType type = switch (c.name()) {
            case "max", "min" ->
                args.stream().map(ExprIr::type).reduce(ValueType::join).orElse(ValueType.LONG);
            case "floor", "ceil", "round" -> ValueType.LONG;
            case "sqrt", "sin", "cos", "exp", "log", "pow" -> ValueType.DOUBLE;
            case "abs" -> args.get(0).type();
            case "select" -> args.get(1).type().join(args.get(2).type());
            default -> ValueType.INIT;
        };
        return new ExprIr.Call(c.name(), args, type);
    }

    private static ExprIr ref(String name, Scope scope) {
        if (scope.params().containsKey(name))
            return new ExprIr.Param(name, scope.params().get(name));
        if (scope.indices().contains(name)) return new ExprIr.Index(name);
        int position = scope.tableIndices().indexOf(name);
        if (position >= 0) return new ExprIr.TableIndex(name, position);
        if (name.equals("classes")) return new ExprIr.Classes();
        if (Exprs.SIZE_NAMES.contains(name)) {
            if (scope.sizes() == null) throw new IllegalStateException("'" + name + "' has no current value here");
            boolean last = scope.lastAxis() && name.equals("channels");
            return new ExprIr.Size(last ? "last" : name, scope.sizes());
        }
        if (name.equals("pi")) return new ExprIr.DoubleLit(Math.PI);
        return new ExprIr.Symbol(name);
    }

    /** Whether the expression uses no param, index, class count or size, so it can be computed now. */
    private static boolean isConstant(Expr e, Scope scope) {
        for (String name : Exprs.names(e)) {
            if (Exprs.SIZE_NAMES.contains(name)
                    || name.equals("classes")
                    || scope.params().containsKey(name)
                    || scope.indices().contains(name)
                    || scope.tableIndices().contains(name)
                    || scope.tables().containsKey(name)) {
                return false;
            }
        }
        return true;
    }

    /** A value computed by the evaluator (or a primitive's default) as a literal. */
    static ExprIr literal(Value v) {
        if (v instanceof Value.Int i) return new ExprIr.LongLit(i.value());
        if (v instanceof Value.Real r) return new ExprIr.DoubleLit(r.value());
        if (v instanceof Value.Bool b) return new ExprIr.BoolLit(b.value());
        if (v instanceof Value.Text t) return new ExprIr.TextLit(t.value());
        if (v instanceof Value.Symbol s) return new ExprIr.Symbol(s.name());
        if (v instanceof Value.Init init) return new ExprIr.InitLit(init.kind(), init.args());
        Value.Construct c = (Value.Construct) v;
        return new ExprIr.InitLit(
                c.name(), c.args().stream().map(Evaluator::toDouble).toList());
    }
}
