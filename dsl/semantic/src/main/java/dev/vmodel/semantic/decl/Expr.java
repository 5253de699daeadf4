package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/**
 * An expression as written, not yet evaluated: sizes, rates, initialisers and symbols. The
 * generator can translate these to Java; {@link dev.vmodel.semantic.eval.Evaluator} computes them.
 */
public sealed interface Expr {
    SourceLocation source();

    /** A numeric literal, kept as text so that a value too large for a long is reported, not lost. */
    record Number(String text, SourceLocation source) implements Expr {}

    record Bool(boolean value, SourceLocation source) implements Expr {}

    record Text(String value, SourceLocation source) implements Expr {}

    /** A name: a param, a repeat index, a built-in size ({@code tokens}) or a symbol ({@code mean}). */
    record Ref(String name, SourceLocation source) implements Expr {}

    /** {@code name(args)}: {@code max(a, b)}, {@code min}, or a constructor such as {@code normal(0.02)}. */
    record Call(String name, List<Arg> args, SourceLocation source) implements Expr {}

    record Binary(char op, Expr left, Expr right, SourceLocation source) implements Expr {}

    record Negate(Expr operand, SourceLocation source) implements Expr {}

    /** {@code a < b}, {@code a == b}, ...: 1 when it holds, else 0 (for masks in constant tables). */
    record Compare(String op, Expr left, Expr right, SourceLocation source) implements Expr {}

    /** {@code band[y]}: an element of a constant table declared earlier in the body. */
    record Index(String name, List<Expr> indices, SourceLocation source) implements Expr {}
}
