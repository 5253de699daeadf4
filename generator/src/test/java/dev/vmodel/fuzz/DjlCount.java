package dev.vmodel.fuzz;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds a generated model in DJL (PyTorch engine, CPU) as a user would, by its first variant or
 * the spec's defaults, initialises it at batch 1 and counts its parameters. Generated classes are
 * only known at run time, hence reflection; the model family ({@code FAMILY}, the runtime
 * contract) is used where the generated class has one.
 */
public final class DjlCount {
    private DjlCount() {}

    /** Parameter count of {@code model} built as {@code variant} (or its defaults when it has no such variant). */
    public static long count(Class<?> model, String variant) throws Exception {
        Block block = build(model, variant);
        Shape input = block instanceof SpecModel m
                ? m.inputShape(1)
                : (Shape) block.getClass().getMethod("inputShape", long.class).invoke(block, 1L);
        try (NDManager manager = Engines.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            return ModelStats.parameterCount(block);
        }
    }

    /**
     * The generated class of spec model {@code model}: the class of that name (or capitalised), or else the class
     * whose {@code FAMILY} says it is that model (a name the generator had to change).
     *
     * @return the class, or null when there is none
     */
    public static Class<?> modelClass(ClassLoader loader, Path classes, String packageName, String model) {
        // As written, or capitalised as the generator names classes of lower-case models.
        for (String name : List.of(model, Character.toUpperCase(model.charAt(0)) + model.substring(1))) {
            try {
                return Class.forName(packageName + "." + name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // look further
            }
        }
        Path dir = classes.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) continue;
                try {
                    Class<?> c = Class.forName(packageName + "." + name.substring(0, name.length() - 6), true, loader);
                    Field family = field(c, "FAMILY");
                    if (family != null
                            && family.get(null) instanceof ModelFamily declared
                            && declared.name().equals(model)) return c;
                } catch (ReflectiveOperationException | LinkageError e) {
                    // not a model class
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    private static Block build(Class<?> model, String variant) throws Exception {
        Field family = field(model, "FAMILY");
        if (family != null && family.get(null) instanceof ModelFamily f) {
            return f.build(f.variants().contains(variant) ? variant : null, Map.of());
        }
        Field variantsField = field(model, "VARIANTS");
        @SuppressWarnings("unchecked")
        List<String> variants = variantsField == null ? List.of() : (List<String>) variantsField.get(null);
        Object builder = variants.contains(variant)
                ? model.getMethod("variant", String.class).invoke(null, variant)
                : model.getMethod("builder").invoke(null);
        return (Block) builder.getClass().getMethod("build").invoke(builder);
    }

    private static Field field(Class<?> c, String name) {
        try {
            return c.getField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
