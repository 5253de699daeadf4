package dev.vmodel.semantic.decl;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.model.Axis;
import java.util.List;

/**
 * A statement of a body. Bodies are dataflow over named values: an implicit current value flows
 * through chains, {@code split} names parts of it, {@code name = ...} binds a value, and a merge
 * such as {@code u * v} combines named values into the current one.
 */
public sealed interface Stmt {
    SourceLocation source();

    /**
     * {@code [target =] stage -> stage -> ...}. Without a target the chain starts from, and
     * replaces, the current value; a leading stage that names a bound value starts from that value.
     */
    record Flow(String target, SourceLocation targetSource, List<Stage> stages, SourceLocation source)
            implements Stmt {}

    /** {@code split channels into u, v}: equal parts unless sizes are given ({@code u(64)}). */
    record Split(Axis axis, List<Part> parts, SourceLocation source) implements Stmt {
        public record Part(String name, Expr size, SourceLocation source) {}
    }

    /**
     * {@code const name[d0, d1](i, j) = value}: a constant table of the given sizes whose element
     * at {@code [i, j]} is {@code value}; a value like any other, with no batch axis of its own.
     */
    record Const(
            String name,
            SourceLocation nameSource,
            List<Expr> dims,
            List<String> indices,
            Expr value,
            SourceLocation source)
            implements Stmt {
        public Const {
            dims = List.copyOf(dims);
            indices = List.copyOf(indices);
        }
    }
}
