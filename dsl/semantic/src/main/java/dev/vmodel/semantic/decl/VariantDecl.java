package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/**
 * {@code variant name(param = value, ...)}: a named binding of a model's params. A binding may use
 * other params ({@code dim = wide * 2}): it is evaluated with this variant's own bindings and the
 * defaults of the rest, so every variant's params have values (in the elaborated instance).
 */
public record VariantDecl(String name, List<Arg> bindings, String doc, SourceLocation source) {}
