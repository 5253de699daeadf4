package dev.vmodel.semantic.tensor;

/**
 * A pattern (einops, einsum) that cannot be read, or shapes that do not fit it or each other. The
 * message is one line that names both the pattern or shape and what was given; {@link #offset()}
 * points into the pattern text where the problem is, so an editor can underline that character.
 */
public final class PatternException extends RuntimeException {
    private final int offset;

    public PatternException(String message, int offset) {
        super(message, null, false, false);
        this.offset = offset;
    }

    public PatternException(String message) {
        this(message, -1);
    }

    /** The character offset into the pattern text, or -1 when the problem is not at one place. */
    public int offset() {
        return offset;
    }
}
