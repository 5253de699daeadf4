package dev.vmodel.runtime.train;

import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generated model chosen on a command line by its spec name, variant and param overrides,
 * found through {@link ModelFamilies} and built by its {@link ModelFamily}: what QuickTrain and
 * TrainBenchmark feed.
 *
 * @param model the built, not yet initialised model
 * @param inputShape its input shape for the requested batch, batch axis first
 * @param classes its class count
 * @param name the model's spec name
 * @param variant the variant it was built from
 * @param overrides the params set on top of the variant, {@code name=value} separated by spaces
 *     (empty if none)
 */
public record GeneratedModel(
        SpecModel model, Shape inputShape, long classes, String name, String variant, String overrides) {

    /** How {@link #variant()} names a model built from the spec's defaults, with no variant. */
    public static final String DEFAULTS = "defaults";

    /**
     * Returns {@code Name/variant}, then the overrides, for reports.
     *
     * @return the label
     */
    public String label() {
        return name + "/" + variant + (overrides.isEmpty() ? "" : " " + overrides);
    }

    /**
     * Builds a generated model found on the class path of {@code loader}.
     *
     * @param name the model's spec name, e.g. {@code GMlp}
     * @param variant a variant the spec declares, e.g. {@code ti16}
     * @param batch the batch size, positive
     * @param overrides param values in order, name to text
     * @param loader where to look for generated model families
     * @return the model
     * @throws UsageException with a one-line message when a name or value is wrong, or the spec's
     *     rules refuse the params (then the message is the validator's {@code FILE:LINE:COL: error:
     *     ...} line)
     */
    public static GeneratedModel build(
            String name, String variant, long batch, Map<String, String> overrides, ClassLoader loader)
            throws UsageException {
        ModelFamily family;
        try {
            family = ModelFamilies.named(name, loader);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (variant == null) {
            throw new UsageException(
                    "no variant of " + name + " given; known: " + String.join(", ", family.variants()));
        }
        return build(family, variant, batch, overrides);
    }

    /**
     * Builds a model of {@code family}, checking the variant and param names first.
     *
     * @param family the model's family
     * @param variant a variant the spec declares, or null for the spec's defaults
     * @param batch the batch size, positive
     * @param overrides param values in order, name to text
     * @return the model
     * @throws UsageException with a one-line message when a name or value is wrong, or the spec's
     *     rules refuse the params
     */
    public static GeneratedModel build(ModelFamily family, String variant, long batch, Map<String, String> overrides)
            throws UsageException {
        String name = family.name();
        if (variant != null && !family.variants().contains(variant)) {
            throw new UsageException("unknown variant '" + variant + "' of " + name + "; known: "
                    + String.join(", ", family.variants()));
        }
        List<String> params = new ArrayList<>();
        for (ModelFamily.ParamInfo p : family.params()) {
            params.add(p.name());
        }
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!params.contains(o.getKey())) {
                throw new UsageException(
                        "unknown param '" + o.getKey() + "' of " + name + "; known: " + String.join(", ", params));
            }
            set.append(set.length() == 0 ? "" : " ")
                    .append(o.getKey())
                    .append('=')
                    .append(o.getValue());
        }
        String shown = variant == null ? DEFAULTS : variant;
        String label = name + "/" + shown + (set.length() == 0 ? "" : " " + set);
        SpecModel model;
        try {
            model = family.build(variant, overrides);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot build " + label + ": " + firstLine(e.getMessage()));
        }
        return new GeneratedModel(model, model.inputShape(batch), model.classes(), name, shown, set.toString());
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse("");
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
