package dev.vmodel.dsl.load;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.decl.Program;
import java.util.List;

/**
 * A loaded spec: the program (root file plus transitive imports), null when the root could not
 * be read or parsed at all, and every problem found while reading, parsing and lowering.
 */
public record LoadResult(Program program, List<Diagnostic> diagnostics) {
    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
