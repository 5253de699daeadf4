package dev.vmodel.generator;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.lang.reflect.Method;
import java.util.Map;

/** Builds generated models by reflection, as the tests cannot name classes that are generated at test time. */
final class GeneratedModels {
    private GeneratedModels() {}

    /** {@code Model.variant(name)}, each override through the builder setter of that name (when the model has it), then {@code build()}. */
    static Block build(Class<?> model, String variant, Map<String, Number> overrides) {
        try {
            Object builder = model.getMethod("variant", String.class).invoke(null, variant);
            for (Map.Entry<String, Number> o : overrides.entrySet()) {
                Method setter = setter(builder.getClass(), o.getKey());
                if (setter == null) continue;
                Object value = setter.getParameterTypes()[0] == long.class ? (Object) o.getValue().longValue()
                        : (Object) o.getValue().doubleValue();
                setter.invoke(builder, value);
            }
            return (Block) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build " + model.getSimpleName() + " " + variant, e);
        }
    }

    static Shape inputShape(Block model, long batch) {
        try {
            return (Shape) model.getClass().getMethod("inputShape", long.class).invoke(model, batch);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static long classes(Block model) {
        try {
            return (long) model.getClass().getMethod("classes").invoke(model);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Method setter(Class<?> builder, String name) {
        for (Method m : builder.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) return m;
        }
        return null;
    }

    /** Trainable parameters as DJL counts them (batch-norm running statistics excluded). */
    static long trainableParameters(Block model) {
        long n = 0;
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) n += p.getValue().getArray().size();
        }
        return n;
    }
}
