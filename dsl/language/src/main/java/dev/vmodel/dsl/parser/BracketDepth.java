package dev.vmodel.dsl.parser;

/**
 * A linear scan of the raw text for bracket nesting, run before parsing: the parser's error
 * recovery is quadratic in the number of brackets left open at the end of the file (150,000 open
 * parentheses took minutes). Strings and comments are skipped as the lexer reads them.
 *
 * @param firstTooDeep the offset of the first {@code (} or {@code &#123;} nested deeper than the
 *     limit, or -1
 * @param openAtEnd how many brackets are still open at the end of the text
 */
public record BracketDepth(int firstTooDeep, int openAtEnd) {

    public static BracketDepth scan(CharSequence text, int max) {
        int depth = 0;
        int tooDeep = -1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                for (i++; i < n && text.charAt(i) != '"'; i++) {
                    if (text.charAt(i) == '\\') i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = indexOfCommentEnd(text, i + 2);
                if (end < 0) break;
                i = end + 1;
            } else if (c == '(' || c == '{') {
                if (++depth > max && tooDeep < 0) tooDeep = i;
            } else if ((c == ')' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return new BracketDepth(tooDeep, depth);
    }

    private static int indexOfCommentEnd(CharSequence text, int from) {
        for (int i = from; i + 1 < text.length(); i++) {
            if (text.charAt(i) == '*' && text.charAt(i + 1) == '/') return i;
        }
        return -1;
    }
}
