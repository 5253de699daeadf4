package dev.vmodel.runtime.model;

import dev.vmodel.semantic.model.TrainRecipe;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A spec model as a whole: its variants and params, and a way to build any of them from text (a
 * command line, a Maven property) without reflection. Each generated model class has one as its
 * {@code FAMILY} constant and registers it with {@link java.util.ServiceLoader}; {@link
 * ModelFamilies} finds them by name.
 */
public interface ModelFamily {

    /**
     * Returns the spec name of the model, e.g. {@code GMlp}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns where the model is declared, {@code gmlp.vmodel:12}.
     *
     * @return the source location
     */
    String source();

    /**
     * Returns the module of the model's PyTorch twin in the model's package, as the pytorch target
     * named it: the spec file's path from the folder of all the specs generated with it ({@code
     * gmlp}, {@code next_swin}). A family that does not say is taken to come from a spec at that
     * folder's top, named by its file.
     *
     * @return the module name, without the package
     */
    default String twinModule() {
        return PythonTwins.fileModule(source());
    }

    /**
     * Returns the variant names the spec declares, in order.
     *
     * @return the variants
     */
    List<String> variants();

    /**
     * Returns the params of the model, in spec order.
     *
     * @return the params
     */
    List<ParamInfo> params();

    /**
     * Builds a model from a variant (or the spec's defaults when {@code variant} is null) with
     * params overridden from text, checked as the spec's own variants are.
     *
     * @param variant a name from {@link #variants()}, or null for the defaults
     * @param overrides param name to value as text ({@code dim=256})
     * @return the built, not yet initialised model
     * @throws IllegalArgumentException with a one-line message naming the variant, param or rule
     */
    SpecModel build(String variant, Map<String, String> overrides);

    /**
     * Returns the training recipe of the spec's {@code train { }} section, the other settings at
     * their defaults: one recipe for every variant. A generated family returns its harness's,
     * {@code GMlpTraining.recipe()}; a family without a spec behind it has {@link
     * TrainRecipe#defaults()}.
     *
     * @return the recipe
     */
    default TrainRecipe recipe() {
        return TrainRecipe.defaults();
    }

    /**
     * Returns the forward multiply-accumulates per image of a declared variant, as {@code vmodel
     * summary} counts them statically (matmuls and convolutions, attention's QK^T and AV products
     * included): what a benchmark turns into GFLOP/s. A generated family knows them for its
     * declared variants; the cost of a model built with param overrides is not known here.
     *
     * @param variant a name from {@link #variants()}
     * @return the MACs, empty for an unknown variant or a family without a spec behind it
     */
    default OptionalLong macs(String variant) {
        return OptionalLong.empty();
    }

    /**
     * A param of a model.
     *
     * @param name its spec name
     * @param type {@code long}, {@code double}, {@code boolean}, {@code String} or {@code init}
     * @param defaultValue its default as the spec writes it, or null when every variant binds it
     * @param doc its doc comment, or null
     */
    record ParamInfo(String name, String type, String defaultValue, String doc) {

        /**
         * Reads a value of this param from text (a command line, a Maven property), with the
         * message every tool prints for a value of the wrong kind.
         *
         * @param text the value as text, e.g. {@code 256}, {@code 0.1}, {@code true}
         * @return a {@code Long}, {@code Double} or {@code Boolean} as {@link #type()} says, else
         *     the text itself
         * @throws IllegalArgumentException naming the param and the kind of value it expects
         */
        public Object parse(String text) {
            String t = text.trim();
            try {
                switch (type) {
                    case "long":
                        return Long.parseLong(t);
                    case "double":
                        double d = Double.parseDouble(t);
                        if (Double.isFinite(d)) {
                            return d;
                        }
                        break;
                    case "boolean":
                        if (t.equals("true") || t.equals("false")) {
                            return Boolean.parseBoolean(t);
                        }
                        throw new IllegalArgumentException(
                                "bad value '" + text + "' for param '" + name + "' (expects true or false)");
                    default:
                        return text;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("bad number '" + text + "' for param '" + name + "' (expects "
                    + (type.equals("long") ? "an integer" : "a number") + ")");
        }
    }
}
