package dev.vmodel.semantic.model;

/** What an argument of a primitive accepts; checked when a call is elaborated. */
public enum ArgKind {
    /** A positive integer. */
    SIZE,
    /** An integer of at least 0. */
    COUNT,
    /** Any integer (shifts, slice bounds and axes, which count from the end when negative). */
    INTEGER,
    /** A string ({@code rearrange}'s pattern). */
    TEXT,
    /** Any number. */
    NUMBER,
    /** A number greater than 0 (epsilons). */
    POSITIVE,
    /** A number in [0, 1]. */
    PROBABILITY,
    BOOL,
    /** A weight initialiser: {@code zeros}, {@code normal(0.02)}, {@code xavierUniform}, ... */
    INIT,
    /** One of a fixed set of names. */
    SYMBOL,
    /** An integer of at least 0, or {@code same}. */
    PADDING
}
