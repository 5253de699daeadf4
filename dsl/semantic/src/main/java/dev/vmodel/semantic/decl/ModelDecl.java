package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/**
 * A {@code model} as written. {@code input}, {@code classes} and {@code train} may be null when
 * missing (the elaborator reports it).
 */
public record ModelDecl(
        String name,
        String doc,
        SourceLocation source,
        List<ParamDecl> params,
        InputDecl input,
        Expr classes,
        List<VariantDecl> variants,
        TrainDecl train,
        List<Stmt> body) {}
