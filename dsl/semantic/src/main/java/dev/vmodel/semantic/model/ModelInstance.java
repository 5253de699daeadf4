package dev.vmodel.semantic.model;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.Value;
import java.util.Map;

/**
 * One variant of one model, fully elaborated: params bound, every node with shapes and cost.
 * The single input of the summary and of every emitter.
 */
public record ModelInstance(
        String model,
        String variant,
        String doc,
        SourceLocation source,
        Map<String, Value> params,
        Shape input,
        long classes,
        Body body,
        TrainRecipe train) {

    public ModelInstance {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public Cost cost() {
        return body.cost();
    }

    public Shape output() {
        return body.out();
    }
}
