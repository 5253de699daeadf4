package dev.vmodel.generator.ir;

import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.model.ShapeKind;
import java.util.List;
import java.util.Map;

/**
 * What a model class has beyond a block: the input and class count (expressions over params),
 * the order in which param defaults are computed, and the named variants.
 */
public record ModelIr(ShapeKind inputKind, List<Expr> inputDims, Expr classes, List<String> defaultOrder,
        List<VariantIr> variants) {

    /** A variant factory: its method name and the params it binds. */
    public record VariantIr(String dslName, String methodName, Map<String, Expr> bindings, String doc) {}
}
