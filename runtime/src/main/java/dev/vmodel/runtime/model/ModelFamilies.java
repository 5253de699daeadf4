package dev.vmodel.runtime.model;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The generated model families on the class path, found through {@link ServiceLoader} (the
 * generator registers each in {@code META-INF/services/dev.vmodel.runtime.model.ModelFamily}).
 */
public final class ModelFamilies {

    private ModelFamilies() {}

    /**
     * Returns every family on the class path of {@code loader}, sorted by name.
     *
     * @param loader the class loader to search
     * @return the families
     */
    public static List<ModelFamily> all(ClassLoader loader) {
        TreeMap<String, ModelFamily> byName = new TreeMap<>();
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class, loader)) {
            byName.putIfAbsent(f.name(), f);
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * Returns the family of the model with this spec name.
     *
     * @param name a spec model name, e.g. {@code GMlp}
     * @param loader the class loader to search
     * @return the family
     * @throws IllegalArgumentException naming the families there are, when none has this name
     */
    public static ModelFamily named(String name, ClassLoader loader) {
        List<ModelFamily> all = all(loader);
        for (ModelFamily f : all) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        List<String> names = new ArrayList<>();
        for (ModelFamily f : all) {
            names.add(f.name());
        }
        throw new IllegalArgumentException(
                "no generated model '" + name + "' on the class path"
                        + (names.isEmpty() ? " (none is: generate the specs first)" : "; there are: " + String.join(", ", names)));
    }
}
