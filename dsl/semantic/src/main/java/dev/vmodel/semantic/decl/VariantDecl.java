package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/** {@code variant name(param = value, ...)}: a named binding of a model's params. */
public record VariantDecl(String name, List<Arg> bindings, String doc, SourceLocation source) {}
