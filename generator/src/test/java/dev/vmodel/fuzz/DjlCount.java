package dev.vmodel.fuzz;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

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
        Shape input = block instanceof SpecModel m ? m.inputShape(1)
                : (Shape) block.getClass().getMethod("inputShape", long.class).invoke(block, 1L);
        try (NDManager manager = Engines.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            return ModelStats.parameterCount(block);
        }
    }

    private static Block build(Class<?> model, String variant) throws Exception {
        Field family = field(model, "FAMILY");
        if (family != null && family.get(null) instanceof ModelFamily f) {
            return f.build(f.variants().contains(variant) ? variant : null, Map.of());
        }
        Field variantsField = field(model, "VARIANTS");
        @SuppressWarnings("unchecked")
        List<String> variants = variantsField == null ? List.of() : (List<String>) variantsField.get(null);
        Object builder = variants.contains(variant) ? model.getMethod("variant", String.class).invoke(null, variant)
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
