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
     * Where a command looks for generated models by default: the context class loader, else the
     * loader of the runtime.
     *
     * @return the loader
     */
    public static ClassLoader defaultLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ModelFamilies.class.getClassLoader();
    }

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
     * @throws IllegalArgumentException naming the families there are, when none has this name, or
     *     naming both classes when two have it
     */
    public static ModelFamily named(String name, ClassLoader loader) {
        List<ModelFamily> matching = new ArrayList<>();
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class, loader)) {
            if (f.name().equals(name) && matching.stream().noneMatch(m -> m.getClass() == f.getClass())) {
                matching.add(f);
            }
        }
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.size() > 1) {
            // two spec projects on one class path: choosing one by class path order would be a guess
            throw new IllegalArgumentException("two generated models named '" + name + "' on the class path: "
                    + String.join(
                            ", ",
                            matching.stream()
                                    .map(f -> f.getClass().getName() + " (" + f.source() + ")")
                                    .toList()));
        }
        List<String> names = new ArrayList<>();
        for (ModelFamily f : all(loader)) {
            names.add(f.name());
        }
        throw new IllegalArgumentException("no generated model '" + name + "' on the class path"
                + (names.isEmpty()
                        ? " (none is: generate the specs first)"
                        : "; there are: " + String.join(", ", names)));
    }
}
