package dev.vmodel.cli;

import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.infer.Analysis;
import dev.vmodel.semantic.model.ModelInstance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a spec with its imports and analyses it: everything the commands need to know about one file. */
record SpecCheck(Program program, List<Diagnostic> diagnostics, List<ModelInstance> instances) {

    static SpecCheck of(SpecLoader loader, Path file) {
        LoadResult loaded = loader.load(file);
        List<Diagnostic> diagnostics = new ArrayList<>(loaded.diagnostics());
        // Semantic analysis of a file that did not parse would only echo its syntax errors.
        if (loaded.program() == null || loaded.hasErrors()) return new SpecCheck(loaded.program(), diagnostics, List.of());
        Analysis.Result result = Analysis.analyze(loaded.program());
        diagnostics.addAll(result.diagnostics());
        return new SpecCheck(loaded.program(), diagnostics, result.instances());
    }

    boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
