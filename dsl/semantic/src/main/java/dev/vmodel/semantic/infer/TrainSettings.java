package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.ParamDecl;
import dev.vmodel.semantic.decl.TrainDecl;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ArgKind;
import dev.vmodel.semantic.model.RecipeSetting;
import dev.vmodel.semantic.model.TrainRecipe;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The evaluation of a {@code train { }} section into a {@link TrainRecipe}. Which settings exist
 * and what each takes is {@link RecipeSetting}'s; this class reads the spec's expressions into
 * such values and reports each problem at the setting that causes it.
 *
 * <p>A model has one recipe for all its variants (its generated harness and its {@code
 * ModelFamily.recipe()} know no variant), so a setting is a constant: numbers, arithmetic, {@code
 * true}/{@code false} and names of symbols, never a param or {@code classes}.
 */
public final class TrainSettings {
    private TrainSettings() {}

    /** Known settings by key, in the order of {@link RecipeSetting}. */
    public static final Map<String, RecipeSetting> KNOWN =
            Collections.unmodifiableMap(Arrays.stream(RecipeSetting.values())
                    .collect(Collectors.toMap(RecipeSetting::key, s -> s, (a, b) -> a, LinkedHashMap::new)));

    /**
     * The recipe of a model: its section's settings (unknown and repeated keys are skipped: the
     * declaration checks report them), the others at their defaults.
     *
     * @throws SpecError at the first setting that is wrong
     */
    static TrainRecipe evaluate(ModelDecl model) {
        TrainDecl decl = model.train();
        if (decl == null) return TrainRecipe.defaults();
        Names constants = constants(model);
        TrainRecipe defaults = TrainRecipe.defaults();
        Map<RecipeSetting, Object> values = new EnumMap<>(RecipeSetting.class);
        Map<RecipeSetting, SourceLocation> written = new EnumMap<>(RecipeSetting.class);
        for (Arg a : decl.settings()) {
            RecipeSetting s = KNOWN.get(a.name());
            if (s == null || written.containsKey(s)) continue;
            SourceLocation at = a.value().source();
            Object value = value(s, a.value(), constants);
            if (!s.accepts(value)) {
                throw new SpecError(
                        s.kind() == RecipeSetting.Kind.SYMBOL ? UNKNOWN_NAME : BAD_VALUE,
                        "train setting " + s.key() + " must be " + s.expects() + ", got " + show(value),
                        at);
            }
            values.put(s, value);
            written.put(s, at);
        }
        for (RecipeSetting.Relation r : RecipeSetting.RELATIONS) {
            Object lower = values.getOrDefault(r.lower(), defaults.get(r.lower()));
            Object upper = values.getOrDefault(r.upper(), defaults.get(r.upper()));
            if (r.holds(lower, upper)) continue;
            // At the smaller one when the spec writes it, else at the bound it wrote against a default.
            RecipeSetting culprit = written.containsKey(r.lower()) ? r.lower() : r.upper();
            RecipeSetting other = culprit == r.lower() ? r.upper() : r.lower();
            throw new SpecError(
                    BAD_VALUE,
                    r.problem(lower, upper)
                            + (written.containsKey(other) ? "" : " (" + other.key() + " is the default)"),
                    written.get(culprit));
        }
        TrainRecipe.Builder b = defaults.toBuilder();
        values.forEach(b::set);
        return b.build();
    }

    /** The value of one setting's expression, of the Java type its kind names. */
    private static Object value(RecipeSetting s, Expr e, Names constants) {
        String what = "train setting " + s.key();
        SourceLocation at = e.source();
        if (s.kind() == RecipeSetting.Kind.SYMBOL) {
            // A bare name is the symbol itself, even where a param has that name; a string too.
            if (e instanceof Expr.Ref r) return r.name();
            if (e instanceof Expr.Text t) return t.value();
        }
        Value v = Evaluator.eval(e, constants);
        return switch (s.kind()) {
            case NUMBER -> Evaluator.toDouble(Coerce.number(v, what, at));
            case WHOLE -> Coerce.integer(v, what, at);
            case BOOLEAN -> ((Value.Bool) Coerce.to(ArgKind.BOOL, v, what, Set.of(), at)).value();
            case SYMBOL ->
                throw new SpecError(UNKNOWN_NAME, what + " must be " + s.expects() + ", got " + v.show(), at);
        };
    }

    private static String show(Object value) {
        return value instanceof Double d ? new Value.Real(d).show() : String.valueOf(value);
    }

    /**
     * Names in a train section: a param or {@code classes} is refused (a recipe is one per model,
     * not per variant), a size of the current value has no meaning, any other name is a symbol.
     */
    private static Names constants(ModelDecl model) {
        Set<String> params = model.params().stream().map(ParamDecl::name).collect(Collectors.toSet());
        return (name, at) -> {
            if (params.contains(name) || name.equals("classes")) {
                throw new SpecError(
                        BAD_VALUE,
                        "train settings cannot use " + (name.equals("classes") ? "classes" : "param '" + name + "'")
                                + ": a model has one recipe for all its variants, so each setting is a constant",
                        at);
            }
            if (Elaborator.BUILTIN_NAMES.contains(name)) {
                throw new SpecError(
                        BAD_VALUE, "'" + name + "' is a size of the current value and has no meaning here", at);
            }
            return null;
        };
    }
}
