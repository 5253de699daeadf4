package dev.vmodel.dsl.load;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.infer.Analysis;
import dev.vmodel.semantic.model.ModelInstance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec loaded with its imports and analysed: what every tool (command line, Maven plugin) needs
 * to know about one file. The program is null only when the file could not be read at all;
 * instances are empty when it has errors.
 */
public record SpecCheck(Program program, List<Diagnostic> diagnostics, List<ModelInstance> instances) {

    public static SpecCheck of(SpecLoader loader, Path file) {
        LoadResult loaded = loader.load(file);
        List<Diagnostic> diagnostics = new ArrayList<>(loaded.diagnostics());
        // Semantic analysis of a file that did not parse would only echo its syntax errors.
        if (loaded.program() == null || loaded.hasErrors())
            return new SpecCheck(loaded.program(), diagnostics, List.of());
        Analysis.Result result;
        try {
            // the elaborator recurses once per nesting level, like the parser: a large stack
            result = BigStack.call("vmodel-analysis", () -> Analysis.analyze(loaded.program()));
        } catch (Exception | StackOverflowError e) {
            // A bug, never the spec's fault: reported as a diagnostic, never as a stack trace.
            diagnostics.add(Diagnostic.error(
                    ProgramLoader.INTERNAL_ERROR,
                    "internal error while checking " + file + ": " + e,
                    dev.vmodel.semantic.SourceLocation.unknown(String.valueOf(file))));
            return new SpecCheck(loaded.program(), diagnostics, List.of());
        }
        diagnostics.addAll(result.diagnostics());
        return new SpecCheck(loaded.program(), diagnostics, result.instances());
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
