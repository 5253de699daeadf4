package dev.vmodel.semantic.model;

/**
 * The kinds of value that flow through a model (the batch axis is implicit). All but an image keep
 * their features on the last axis, where layers act.
 */
public enum ShapeKind {
    /** {@code [C, H, W]}. */
    IMAGE,
    /** {@code [N, D]}: N tokens of width D. */
    TOKENS,
    /** {@code [D]}. */
    VECTOR,
    /**
     * Three or more axes, features last, e.g. {@code [windows, tokens, D]} or {@code [heads, N, N]}:
     * what {@code rearrange}, {@code einsum} and friends make of tokens.
     */
    TENSOR;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
