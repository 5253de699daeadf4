package dev.vmodel.generator.ir;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.model.RecipeSetting;
import dev.vmodel.semantic.model.ShapeKind;
import dev.vmodel.semantic.model.TrainRecipe;
import java.util.List;
import java.util.Map;

/**
 * What a model class has beyond a block: the input and class count (expressions over params),
 * the order in which param defaults are computed, the named variants, the names of its
 * nested types (allocated: a model may itself be called {@code Builder}), and its training
 * recipe with the name of the harness class that trains with it.
 */
public record ModelIr(
        ShapeKind inputKind,
        List<ExprIr> inputDims,
        ExprIr classes,
        List<String> defaultOrder,
        List<VariantIr> variants,
        String configName,
        String builderName,
        String familyName,
        String trainingName,
        RecipeIr recipe) {

    /**
     * A variant factory: its method name and the values it binds, as elaboration computed them
     * (literals, by param name), and those bindings as the spec's values read ({@code dim = 4}), with
     * the forward multiply-accumulates per image the summary counts (attention products included).
     */
    public record VariantIr(
            String dslName, String methodName, Map<String, ExprIr> bindings, String boundText, String doc, long macs) {}

    /**
     * The model's training recipe: one for all its variants (train settings are constants).
     *
     * @param recipe the evaluated recipe, defaults filled in
     * @param section where the spec's {@code train { }} section is, or null when it has none
     * @param written the settings the section writes, in its order: only these are spelled out in
     *     the harness, each with its spec line
     */
    public record RecipeIr(TrainRecipe recipe, SourceLocation section, List<Written> written) {}

    /** A setting the spec writes, and where. */
    public record Written(RecipeSetting setting, SourceLocation source) {}
}
