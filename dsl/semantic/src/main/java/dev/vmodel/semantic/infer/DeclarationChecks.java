package dev.vmodel.semantic.infer;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.decl.Program;
import java.util.List;

/** Checks that need no evaluation: duplicate and reserved names, unused blocks. */
final class DeclarationChecks {
    private DeclarationChecks() {}

    static List<Diagnostic> check(Program program) {
        return List.of(); // filled in below
    }
}
