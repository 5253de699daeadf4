package dev.vmodel.runtime.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A generated model class driven by reflection, for command lines: {@code variant(name)} gives a
 * builder, each {@code param=value} goes through the builder's one-argument setter of that name
 * ({@code long} or {@code double}, as the setter takes), {@code build()} gives the block, whose
 * {@code inputShape(batch)} and {@code classes()} tell how to feed it.
 *
 * @param block the built, not yet initialised model
 * @param inputShape its input shape for the requested batch, batch axis first
 * @param classes its class count
 * @param name the model class's simple name
 * @param variant the variant it was built from
 * @param overrides the params set on top of the variant, {@code name=value} separated by spaces
 *     (empty if none)
 */
public record GeneratedModel(
        Block block, Shape inputShape, long classes, String name, String variant, String overrides) {

    /**
     * Returns {@code Name/variant}, then the overrides, for reports.
     *
     * @return the label
     */
    public String label() {
        return name + "/" + variant + (overrides.isEmpty() ? "" : " " + overrides);
    }

    /**
     * Builds a generated model.
     *
     * @param className the fully qualified class, e.g. {@code dev.vmodel.models.GMlp}
     * @param variant the variant name the spec declares, e.g. {@code ti16}
     * @param batch the batch size, positive
     * @param overrides param values in order, name to text
     * @return the model
     * @throws UsageException with a one-line message when a name or value is wrong
     */
    public static GeneratedModel build(
            String className, String variant, long batch, Map<String, String> overrides)
            throws UsageException {
        Class<?> cls;
        try {
            cls = Class.forName(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UsageException(
                    "unknown model class '" + className + "' (not on the class path)");
        }
        String simple = cls.getSimpleName();
        if (!Block.class.isAssignableFrom(cls)) {
            throw new UsageException(className + " is not a DJL Block");
        }
        Method variantFactory = publicStatic(cls, "variant", String.class);
        if (variantFactory == null) {
            throw new UsageException(
                    className + " is not a generated vmodel model (no static variant(String))");
        }
        Object builder;
        try {
            builder = variantFactory.invoke(null, variant);
        } catch (InvocationTargetException e) {
            throw new UsageException(message(e.getCause(), "unknown variant '" + variant + "'"));
        } catch (IllegalAccessException e) {
            throw new UsageException("cannot call " + simple + ".variant: " + e.getMessage());
        }
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            set(builder, simple, o.getKey(), o.getValue());
            set.append(set.length() == 0 ? "" : " ").append(o.getKey()).append('=').append(o.getValue());
        }
        String label = simple + "/" + variant + (set.length() == 0 ? "" : " " + set);
        Object model;
        try {
            model = builder.getClass().getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
            throw new UsageException(
                    "cannot build " + label + ": " + message(e.getCause(), "build failed"));
        } catch (ReflectiveOperationException e) {
            throw new UsageException("cannot build " + label + ": " + e);
        }
        try {
            Shape in = (Shape) model.getClass().getMethod("inputShape", long.class).invoke(model, batch);
            long classes = ((Number) model.getClass().getMethod("classes").invoke(model)).longValue();
            return new GeneratedModel((Block) model, in, classes, simple, variant, set.toString());
        } catch (InvocationTargetException e) {
            throw new UsageException(simple + ": " + message(e.getCause(), "no input shape"));
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new UsageException(
                    className + " lacks inputShape(long) or classes(): not a generated vmodel model");
        }
    }

    private static void set(Object builder, String model, String name, String text)
            throws UsageException {
        Method setter = null;
        for (Method m : builder.getClass().getMethods()) {
            if (m.getName().equals(name) && isSetter(m)) {
                setter = m;
                break;
            }
        }
        if (setter == null) {
            throw new UsageException(
                    "unknown param '" + name + "' of " + model + "; known: "
                            + String.join(", ", params(builder)));
        }
        Class<?> type = setter.getParameterTypes()[0];
        Object value;
        try {
            if (type == long.class) {
                value = Long.parseLong(text.trim());
            } else if (type == int.class) {
                value = Integer.parseInt(text.trim());
            } else if (type == double.class) {
                value = Double.parseDouble(text.trim());
            } else {
                value = Float.parseFloat(text.trim());
            }
        } catch (NumberFormatException e) {
            boolean integral = type == long.class || type == int.class;
            throw new UsageException(
                    "bad number '" + text + "' for param '" + name + "' (expects "
                            + (integral ? "an integer" : "a number") + ")");
        }
        try {
            setter.invoke(builder, value);
        } catch (InvocationTargetException e) {
            throw new UsageException(
                    "bad value for param '" + name + "': " + message(e.getCause(), text));
        } catch (IllegalAccessException e) {
            throw new UsageException("cannot set param '" + name + "': " + e.getMessage());
        }
    }

    /** The params a builder can set: its public one-argument numeric setters. */
    private static List<String> params(Object builder) {
        TreeSet<String> names = new TreeSet<>();
        for (Method m : builder.getClass().getMethods()) {
            if (isSetter(m)) {
                names.add(m.getName());
            }
        }
        return new ArrayList<>(names);
    }

    private static boolean isSetter(Method m) {
        if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 1) {
            return false;
        }
        Class<?> t = m.getParameterTypes()[0];
        return (t == long.class || t == double.class || t == int.class || t == float.class)
                && m.getReturnType() == m.getDeclaringClass();
    }

    private static Method publicStatic(Class<?> cls, String name, Class<?>... types) {
        try {
            Method m = cls.getMethod(name, types);
            return Modifier.isStatic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String message(Throwable t, String fallback) {
        if (t == null) {
            return fallback;
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() + ": " + fallback : m;
    }

    /** A mistake in the arguments, reported as one line. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message the one-line message
         */
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
