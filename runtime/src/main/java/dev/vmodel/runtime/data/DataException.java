package dev.vmodel.runtime.data;

/**
 * A dataset that cannot be read: a missing path, a file in the wrong format, a truncated file, an
 * image that cannot be decoded. Checked, so that every caller decides how to report it. The message
 * is one line that names the file and the problem; it is meant to be printed as it is, without a
 * stack trace.
 */
public final class DataException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}, one line naming the file. */
    public DataException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, one line naming the file, caused by {@code cause}. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
