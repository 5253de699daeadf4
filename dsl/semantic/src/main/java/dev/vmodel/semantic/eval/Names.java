package dev.vmodel.semantic.eval;

import dev.vmodel.semantic.SourceLocation;

/** Resolves a name during evaluation; returns null for a name it does not know. */
@FunctionalInterface
public interface Names {
    Value lookup(String name, SourceLocation at);

    /** This scope first, then {@code outer}. */
    default Names then(Names outer) {
        return (name, at) -> {
            Value v = lookup(name, at);
            return v != null ? v : outer.lookup(name, at);
        };
    }

    Names NONE = (name, at) -> null;
}
