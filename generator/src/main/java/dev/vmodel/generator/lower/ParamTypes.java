package dev.vmodel.generator.lower;

import dev.vmodel.generator.ir.ValueType;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.Body;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java type of every param, from the values it takes in the elaborated variants: a param that
 * is 0 in one variant and 0.05 in another is a double; one that holds {@code normal(0.02)} or
 * {@code xavierUniform} is an initialiser.
 */
final class ParamTypes {
    /** Key: model or block name + "." + param name. */
    private final Map<String, ValueType> types = new HashMap<>();

    ParamTypes(List<ModelInstance> instances) {
        for (ModelInstance m : instances) {
            m.params().forEach((name, v) -> record(m.model() + "." + name, v));
            body(m.body());
        }
    }

    private void body(Body body) {
        for (Step s : body.steps()) node(s.node());
    }

    private void node(Node n) {
        if (n instanceof Node.BlockCall b) {
            b.args().forEach((name, v) -> record(b.block() + "." + name, v));
            body(b.body());
        } else if (n instanceof Node.Residual r) {
            body(r.body());
        } else if (n instanceof Node.Mix m) {
            body(m.body());
        } else if (n instanceof Node.Repeat r) {
            for (Body b : r.iterations()) body(b);
        }
    }

    private void record(String key, Value v) {
        ValueType t = of(v);
        types.merge(key, t, ValueType::join);
    }

    static ValueType of(Value v) {
        if (v instanceof Value.Int) return ValueType.LONG;
        if (v instanceof Value.Real) return ValueType.DOUBLE;
        if (v instanceof Value.Bool) return ValueType.BOOLEAN;
        if (v instanceof Value.Text) return ValueType.STRING;
        if (v instanceof Value.Symbol) return ValueType.SYMBOL;
        return ValueType.INIT;
    }

    /**
     * The type of {@code owner.param}: joined with its default when that is a number literal (the
     * variants may all bind {@code 0} to a param whose default is {@code 0.1}), and taken from the
     * default alone for a param never elaborated.
     */
    ValueType of(String owner, String param, Expr byDefault) {
        ValueType t = types.get(owner + "." + param);
        if (byDefault instanceof Expr.Number n) {
            ValueType literal = n.text().matches("[0-9]+") ? ValueType.LONG : ValueType.DOUBLE;
            return t == null ? literal : t.join(literal);
        }
        if (t != null) return t;
        if (byDefault instanceof Expr.Bool) return ValueType.BOOLEAN;
        if (byDefault instanceof Expr.Text) return ValueType.STRING;
        if (byDefault instanceof Expr.Call c
                && !List.of("max", "min", "floor", "ceil", "round", "sqrt").contains(c.name())) {
            return ValueType.INIT;
        }
        return ValueType.LONG;
    }
}
