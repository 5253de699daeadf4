package dev.vmodel.generator.ir;

import dev.vmodel.semantic.decl.Expr;

/** A param of a generated class, with its spec default (null when required). */
public record ParamIr(String dslName, String javaName, JavaType type, Expr byDefault, String doc) {}
