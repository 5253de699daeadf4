package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.UNBOUND_PARAM;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.ParamDecl;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The params of a model variant or a block call, evaluated lazily and once: a default may use
 * other params ({@code ffn = 6 * dim}) in any order; a param defined through itself is an error.
 */
final class ParamEnv implements Names {
    private final Map<String, ParamDecl> decls = new LinkedHashMap<>();
    private final Map<String, Expr> overrides;
    private final Map<String, Value> values;
    private final Names outer;
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param overrides expressions that replace defaults (a variant's bindings), evaluated here
     * @param preset values computed elsewhere (a block call's arguments, evaluated by the caller)
     * @param outer names visible to default expressions besides the params
     */
    ParamEnv(List<ParamDecl> params, Map<String, Expr> overrides, Map<String, Value> preset, Names outer) {
        for (ParamDecl p : params) decls.putIfAbsent(p.name(), p);
        this.overrides = overrides;
        this.values = new LinkedHashMap<>(preset);
        this.outer = outer;
    }

    @Override
    public Value lookup(String name, SourceLocation at) {
        ParamDecl decl = decls.get(name);
        if (decl == null) return null;
        Value known = values.get(name);
        if (known != null) return known;
        Expr expr = overrides.getOrDefault(name, decl.byDefault());
        if (expr == null) {
            throw new SpecError(UNBOUND_PARAM, "param '" + name + "' has no value: bind it or give it a default", at);
        }
        if (!evaluating.add(name)) {
            throw new SpecError(BAD_VALUE, "param '" + name + "' is defined in terms of itself", expr.source());
        }
        try {
            Value v = Evaluator.eval(expr, this.then(outer));
            values.put(name, v);
            return v;
        } finally {
            evaluating.remove(name);
        }
    }

    /** Every param's value, in declaration order. */
    Map<String, Value> all() {
        Map<String, Value> all = new LinkedHashMap<>();
        for (String name : decls.keySet())
            all.put(name, lookup(name, decls.get(name).source()));
        return all;
    }
}
