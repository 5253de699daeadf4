package dev.vmodel.generator.ir;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.model.Primitive;
import java.util.List;
import java.util.Map;

/**
 * How a child block is made. Expressions are in the scope of the generated class; sizes such as
 * {@code tokens} are read from the shape held by {@code sizesVar}.
 */
public sealed interface ConstructIr {
    SourceLocation source();

    /** A built-in layer; {@code args} holds what the spec wrote, the emitter supplies the defaults. */
    record Layer(Primitive primitive, Map<String, Expr> args, String sizesVar, SourceLocation source)
            implements ConstructIr {}

    /**
     * A generated class: one argument per param of {@code callee}, in order. Arguments the spec
     * left out are the callee's defaults ({@code fromDefault}), whose sizes read the callee's own
     * input ({@code inputVar}) where written arguments read {@code sizesVar}. The class count and
     * the input shape are passed when the callee takes them.
     */
    record Block(ClassIr callee, List<Expr> args, List<Boolean> fromDefault, String sizesVar, String inputVar,
            SourceLocation source) implements ConstructIr {}
}
