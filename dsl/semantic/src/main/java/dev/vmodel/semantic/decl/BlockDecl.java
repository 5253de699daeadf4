package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/** A reusable, parameterised {@code block Name(params) { body }}. */
public record BlockDecl(String name, String doc, SourceLocation source, List<ParamDecl> params, List<Stmt> body) {}
