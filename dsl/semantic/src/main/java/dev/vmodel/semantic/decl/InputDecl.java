package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.model.ShapeKind;
import java.util.List;

/** {@code input image(C, H, W)} (or {@code tokens(N, D)}, {@code vector(D)}). */
public record InputDecl(ShapeKind kind, List<Expr> dims, SourceLocation source) {}
