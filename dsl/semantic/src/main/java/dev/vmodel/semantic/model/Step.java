package dev.vmodel.semantic.model;

import java.util.List;

/**
 * One node of a body's dataflow and the named values it reads and writes. The implicit current
 * value is named {@link #CURRENT}; other names are the spec's own ({@code u}, {@code v}).
 */
public record Step(List<String> inputs, List<String> outputs, Node node) {
    public static final String CURRENT = "$";

    public Step {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
