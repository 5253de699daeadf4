package dev.vmodel.generator.ir;

import dev.vmodel.semantic.model.ShapeKind;
import java.util.List;
import java.util.Map;

/**
 * What a model class has beyond a block: the input and class count (expressions over params),
 * the order in which param defaults are computed, the named variants, and the names of its
 * nested types (allocated: a model may itself be called {@code Builder}).
 */
public record ModelIr(
        ShapeKind inputKind,
        List<ExprIr> inputDims,
        ExprIr classes,
        List<String> defaultOrder,
        List<VariantIr> variants,
        String configName,
        String builderName,
        String familyName) {

    /**
     * A variant factory: its method name and the values it binds, as elaboration computed them
     * (literals, by param name), and those bindings as the spec's values read ({@code dim = 4}).
     */
    public record VariantIr(
            String dslName, String methodName, Map<String, ExprIr> bindings, String boundText, String doc) {}
}
