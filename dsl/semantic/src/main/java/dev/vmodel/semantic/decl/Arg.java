package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;

/** One argument of a call: positional when {@code name} is null, else {@code name = value}. */
public record Arg(String name, Expr value, SourceLocation source) {
    public boolean isNamed() {
        return name != null;
    }
}
