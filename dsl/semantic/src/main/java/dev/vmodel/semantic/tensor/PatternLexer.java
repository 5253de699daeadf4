package dev.vmodel.semantic.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an einops or einsum pattern into names, the literal {@code 1}, parentheses, commas and
 * the arrow, each with its offset; any other character, or a number other than 1, is an error at
 * its place. Shared by both pattern kinds so that they accept the same names.
 */
final class PatternLexer {
    enum Kind {
        NAME,
        ONE,
        OPEN,
        CLOSE,
        COMMA,
        ARROW
    }

    record Token(Kind kind, String text, int offset) {}

    private PatternLexer() {}

    static List<Token> tokens(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new PatternException("the pattern is empty", 0);
        }
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '_' || isAsciiLetter(c)) {
                int start = i;
                while (i < n
                        && (pattern.charAt(i) == '_'
                                || isAsciiLetter(pattern.charAt(i))
                                || isDigit(pattern.charAt(i)))) {
                    i++;
                }
                out.add(new Token(Kind.NAME, pattern.substring(start, i), start));
            } else if (isDigit(c)) {
                int start = i;
                while (i < n
                        && (isDigit(pattern.charAt(i))
                                || isAsciiLetter(pattern.charAt(i))
                                || pattern.charAt(i) == '_')) {
                    i++;
                }
                String text = pattern.substring(start, i);
                if (!text.equals("1")) {
                    throw new PatternException(
                            "'" + text + "' in \"" + pattern
                                    + "\" is not a name; the only number allowed is 1 (an axis of size 1)",
                            start);
                }
                out.add(new Token(Kind.ONE, text, start));
            } else if (c == '(') {
                out.add(new Token(Kind.OPEN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.CLOSE, ")", i++));
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '-' && i + 1 < n && pattern.charAt(i + 1) == '>') {
                out.add(new Token(Kind.ARROW, "->", i));
                i += 2;
            } else {
                throw new PatternException(
                        "'" + c + "' at offset " + i + " in \"" + pattern
                                + "\" is not allowed; a pattern has names, (groups), 1, ',' and ->",
                        i);
            }
        }
        return out;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
