package dev.vmodel.semantic.model;

/** The three kinds of value that flow through a model (the batch axis is implicit). */
public enum ShapeKind {
    /** {@code [C, H, W]}. */
    IMAGE,
    /** {@code [N, D]}: N tokens of width D. */
    TOKENS,
    /** {@code [D]}. */
    VECTOR;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
