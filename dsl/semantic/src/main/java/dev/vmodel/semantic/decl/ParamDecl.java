package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;

/** {@code param name = default} of a model, or a parameter of a block; {@code byDefault} may be null. */
public record ParamDecl(String name, Expr byDefault, String doc, SourceLocation source) {
    public boolean isRequired() {
        return byDefault == null;
    }
}
