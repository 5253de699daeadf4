package dev.vmodel.semantic.infer;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.model.ModelInstance;
import java.util.ArrayList;
import java.util.List;

/** Work in progress. */
final class Elaborator {
    private final Program program;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Elaborator(Program program) {
        this.program = program;
    }

    List<ModelInstance> elaborateAll() {
        return List.of();
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
