package dev.vmodel.semantic;

/**
 * Where something was written: a file plus 1-based line and column, and the 0-based character
 * offset and length the editor needs to underline it.
 */
public record SourceLocation(String file, int line, int column, int offset, int length) {

    /** A location for things that have no text of their own (built-in defaults). */
    public static SourceLocation unknown(String file) {
        return new SourceLocation(file, 1, 1, 0, 0);
    }

    /** {@code file:line:col}, the prefix of every diagnostic line; the file name printable on one line. */
    @Override
    public String toString() {
        return Messages.escape(file) + ":" + line + ":" + column;
    }
}
