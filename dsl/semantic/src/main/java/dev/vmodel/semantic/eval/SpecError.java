package dev.vmodel.semantic.eval;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.SourceLocation;

/**
 * Thrown to abandon the evaluation of one element of a spec; the elaborator catches it, records
 * the diagnostic and carries on with the next statement, so that one run reports many problems.
 */
public final class SpecError extends RuntimeException {
    private final transient Diagnostic diagnostic;

    public SpecError(String code, String message, SourceLocation location) {
        super(message, null, false, false);
        this.diagnostic = Diagnostic.error(code, message, location);
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
