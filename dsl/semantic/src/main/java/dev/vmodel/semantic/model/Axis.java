package dev.vmodel.semantic.model;

/** The axis a split, a concat or a mix works along. */
public enum Axis {
    /** The feature axis: C of an image, D of tokens or a vector. */
    CHANNELS,
    /** The sequence axis N of tokens. */
    TOKENS;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
