package dev.vmodel.semantic;

/**
 * One problem found in a spec, with an issue code from {@link IssueCodes}. The message is always
 * one printable line ({@link Messages#safe}).
 */
public record Diagnostic(Severity severity, String code, String message, SourceLocation location) {

    /** Messages echo spec text: made printable on one line here, once for every check. */
    public Diagnostic {
        message = Messages.safe(message);
    }

    public static Diagnostic error(String code, String message, SourceLocation location) {
        return new Diagnostic(Severity.ERROR, code, message, location);
    }

    public static Diagnostic warning(String code, String message, SourceLocation location) {
        return new Diagnostic(Severity.WARNING, code, message, location);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The one-line form every tool prints: {@code FILE:LINE:COL: error: MESSAGE [CODE]}. */
    public String format() {
        return location + ": " + severity.word() + ": " + message + " [" + code + "]";
    }
}
