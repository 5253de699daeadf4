package dev.vmodel.generator.ir;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.model.Primitive;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a child block is made. Expressions are in the scope of the generated class; sizes such as
 * {@code tokens} are read from the shape held by {@code sizesVar}.
 */
public sealed interface ConstructIr {
    SourceLocation source();

    /**
     * A built-in layer; {@code args} holds every argument, the primitive's defaults filled in, and
     * {@code written} the ones the spec wrote (a target may leave the others to its own defaults).
     * {@code readsSizes}: building it needs sizes of its own input beyond those {@code args} read
     * ({@link ExprIr.Size}), read from {@code inputVar}: the layer's own input, even inside
     * {@code mix tokens}, where the spec's size names in {@code args} still mean the value outside
     * the mix.
     * {@code checked}: the constructor applies the spec's rules to it before building it, so that
     * a builder override is refused as a variant is ({@code does-not-tile}, heads, probabilities).
     */
    record Layer(
            Primitive primitive,
            Map<String, ExprIr> args,
            Set<String> written,
            String inputVar,
            boolean readsSizes,
            boolean checked,
            SourceLocation source)
            implements ConstructIr {}

    /** {@code weight(dims..., init = ...)}: a learned tensor of these sizes. */
    record Weight(List<ExprIr> dims, ExprIr init, SourceLocation source) implements ConstructIr {}

    /**
     * {@code const name[dims](indices) = value}: a constant table; {@code value} reads the indices
     * as {@link ExprIr.TableIndex} and earlier tables as {@link ExprIr.TableAt}. {@code index}: the
     * table indexes another ({@code take}), so it holds 64-bit integers.
     */
    record Table(String name, List<ExprIr> dims, ExprIr value, boolean index, SourceLocation source)
            implements ConstructIr {}

    /** {@code einsum("pattern", a, b)}. */
    record Einsum(String pattern, SourceLocation source) implements ConstructIr {}

    /** {@code take(table, index)}. */
    record Take(SourceLocation source) implements ConstructIr {}

    /**
     * A generated class: one argument per param of {@code callee}, in order. Arguments the spec
     * left out are the callee's defaults ({@code fromDefault}), whose sizes read the callee's own
     * input ({@code inputVar}) where written arguments read {@code sizesVar}. The class count and
     * the input shape ({@code inputVar}) are passed when the callee takes them.
     */
    record Block(
            ClassIr callee,
            List<ExprIr> args,
            List<Boolean> fromDefault,
            String sizesVar,
            String inputVar,
            SourceLocation source)
            implements ConstructIr {}
}
