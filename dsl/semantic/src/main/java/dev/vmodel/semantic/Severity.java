package dev.vmodel.semantic;

/** How bad a diagnostic is; errors stop generation, warnings never do. */
public enum Severity {
    ERROR,
    WARNING;

    /** The word used in {@code file:line:col: error: ...} lines. */
    public String word() {
        return this == ERROR ? "error" : "warning";
    }
}
