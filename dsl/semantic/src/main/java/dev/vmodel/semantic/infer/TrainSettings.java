package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.TYPE_MISMATCH;

import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.TrainDecl;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ArgKind;
import dev.vmodel.semantic.model.TrainRecipe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The settings a {@code train { }} section may hold, and their evaluation into a {@link TrainRecipe}. */
public final class TrainSettings {
    private TrainSettings() {}

    record Setting(ArgKind kind, Set<String> symbols) {}

    /** Known settings in the order the summary shows them. */
    public static final Map<String, Setting> KNOWN = known();

    private static Map<String, Setting> known() {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("optimizer", new Setting(ArgKind.SYMBOL, Set.of("adamw", "adam", "sgd", "lamb")));
        m.put("lr", new Setting(ArgKind.POSITIVE, Set.of()));
        m.put("minLr", new Setting(ArgKind.NUMBER, Set.of()));
        m.put("weightDecay", new Setting(ArgKind.NUMBER, Set.of()));
        m.put("momentum", new Setting(ArgKind.PROBABILITY, Set.of()));
        m.put("warmupEpochs", new Setting(ArgKind.COUNT, Set.of()));
        m.put("schedule", new Setting(ArgKind.SYMBOL, Set.of("cosine", "linear", "step", "constant")));
        m.put("labelSmoothing", new Setting(ArgKind.PROBABILITY, Set.of()));
        m.put("epochs", new Setting(ArgKind.SIZE, Set.of()));
        m.put("batch", new Setting(ArgKind.SIZE, Set.of()));
        m.put("dataset", new Setting(ArgKind.SYMBOL, Set.of("imagenet", "cifar10", "cifar100", "synthetic")));
        m.put("clipGrad", new Setting(ArgKind.NUMBER, Set.of()));
        return java.util.Collections.unmodifiableMap(m);
    }

    static TrainRecipe evaluate(TrainDecl decl, Names names) {
        TrainRecipe d = TrainRecipe.defaults();
        if (decl == null) return d;
        Map<String, Value> v = new LinkedHashMap<>();
        for (Arg a : decl.settings()) {
            Setting s = KNOWN.get(a.name());
            if (s == null || v.containsKey(a.name())) continue; // reported by the declaration checks
            Value raw = Evaluator.eval(a.value(), names);
            if (a.name().equals("dataset") && raw instanceof Value.Text t) {
                v.put(a.name(), new Value.Symbol(t.value()));
                continue;
            }
            Value value = Coerce.to(
                    s.kind(),
                    raw,
                    "train setting " + a.name(),
                    s.symbols(),
                    a.value().source());
            if ((a.name().equals("minLr")
                            || a.name().equals("weightDecay")
                            || a.name().equals("clipGrad"))
                    && Evaluator.toDouble(value) < 0) {
                throw new SpecError(
                        TYPE_MISMATCH,
                        a.name() + " must be 0 or more, got " + value.show(),
                        a.value().source());
            }
            v.put(a.name(), value);
        }
        return new TrainRecipe(
                sym(v, "optimizer", d.optimizer()),
                num(v, "lr", d.lr()),
                num(v, "minLr", d.minLr()),
                num(v, "weightDecay", d.weightDecay()),
                num(v, "momentum", d.momentum()),
                (long) num(v, "warmupEpochs", d.warmupEpochs()),
                sym(v, "schedule", d.schedule()),
                num(v, "labelSmoothing", d.labelSmoothing()),
                (long) num(v, "epochs", d.epochs()),
                (long) num(v, "batch", d.batch()),
                sym(v, "dataset", d.dataset()),
                num(v, "clipGrad", d.clipGrad()));
    }

    private static String sym(Map<String, Value> v, String key, String fallback) {
        return v.containsKey(key) ? ((Value.Symbol) v.get(key)).name() : fallback;
    }

    private static double num(Map<String, Value> v, String key, double fallback) {
        return v.containsKey(key) ? Evaluator.toDouble(v.get(key)) : fallback;
    }
}
