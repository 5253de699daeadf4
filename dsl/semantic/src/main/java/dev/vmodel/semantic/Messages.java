package dev.vmodel.semantic;

/**
 * Makes text from a spec safe to print in a one-line message: a spec may hold any character, and a
 * message echoes names, strings and paths from it into a terminal or an editor's problem view.
 * Every {@link Diagnostic} passes its message through {@link #safe}, so no check has to remember to.
 */
public final class Messages {
    private Messages() {}

    /** Longest run of name characters (a name, a number) a message echoes before cutting it with "…". */
    public static final int MAX_TOKEN = 40;

    /** Longest message; longer ones end in "…". */
    public static final int MAX_MESSAGE = 600;

    /**
     * {@link #escape escaped}, every run of more than {@link #MAX_TOKEN} letters, digits and
     * underscores cut to its first {@link #MAX_TOKEN} followed by "…", and at most
     * {@link #MAX_MESSAGE} characters in all.
     */
    public static String safe(String message) {
        if (message == null) return "";
        String escaped = escape(message);
        StringBuilder out = new StringBuilder(Math.min(escaped.length(), MAX_MESSAGE + 1));
        int run = 0;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            boolean nameChar = Character.isLetterOrDigit(c) || c == '_';
            run = nameChar ? run + 1 : 0;
            if (run == MAX_TOKEN + 1) out.append('…');
            if (run > MAX_TOKEN) continue;
            if (out.length() >= MAX_MESSAGE) {
                out.append('…');
                break;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Every character that would not show as itself on one line (control characters, line and
     * paragraph separators, bidirectional and other invisible format characters, unusual spaces,
     * lone surrogates, private-use and unassigned code points) written as {@code \}{@code uXXXX}.
     */
    public static String escape(String text) {
        if (text == null) return "null";
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (unsafe(cp)) {
                if (out == null) out = new StringBuilder(text.length() + 16).append(text, 0, i);
                for (int j = i; j < i + n; j++) out.append(String.format("\\u%04X", (int) text.charAt(j)));
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i += n;
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(int cp) {
        if (cp == ' ') return false;
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
