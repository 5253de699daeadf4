package dev.vmodel.generator;

import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds generated models as the runtime's tools do: the family found through {@code ServiceLoader}
 * in the generated {@code META-INF/services} file, overrides given as text. No reflection.
 */
final class GeneratedModels {
    private GeneratedModels() {}

    /** The model's {@code variant}, with those overrides that name one of its params (others are skipped). */
    static SpecModel build(GeneratedCode code, String model, String variant, Map<String, Number> overrides) {
        ModelFamily family = ModelFamilies.named(model, code.classes);
        Map<String, String> text = new HashMap<>();
        for (ModelFamily.ParamInfo p : family.params()) {
            if (overrides.containsKey(p.name()))
                text.put(p.name(), overrides.get(p.name()).toString());
        }
        return family.build(variant, text);
    }
}
