package dev.vmodel.generator.emit;

import dev.vmodel.semantic.SourceLocation;

/**
 * Text from a spec placed in generated comments and annotations. A doc comment may hold anything,
 * so it must not be able to end the comment early ({@code *}{@code /}) or smuggle in a unicode
 * escape that javac would decode before parsing ({@code \}{@code u000a}). The result is passed to
 * JavaPoet as an argument ({@code $L}), never as a format, so a {@code $} stays as written.
 */
final class Javadocs {
    private Javadocs() {}

    static String escape(String text) {
        if (text == null) return "";
        return text.replace("&", "&amp;")
                .replace("\\", "&#92;")
                .replace("*/", "*&#47;")
                .replace("/*", "&#47;*")
                .replace("@", "&#64;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    /** Spec doc text as Javadoc: escaped, and long lines broken at spaces so no generated line runs past 120 columns. */
    static String doc(String text) {
        return text == null ? "" : wrap(escape(text.strip()));
    }

    /** Javadoc text (already escaped) with long lines broken at spaces. */
    static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) out.append('\n');
            int column = 0;
            for (String word : line.split(" ", -1)) {
                if (column > 0 && column + 1 + word.length() > WIDTH) {
                    out.append('\n');
                    column = 0;
                } else if (column > 0 || out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append(' ');
                    column++;
                }
                out.append(word);
                column += word.length();
            }
        }
        return out.toString();
    }

    /** Columns of doc text per line; with the indentation and {@code * @param name} it stays within 120. */
    private static final int WIDTH = 80;

    /**
     * A string literal that may be long, as pieces joined with {@code +} where JavaPoet may break
     * the line: a literal cannot be wrapped, so a long doc or message would run past 120 columns.
     */
    static com.palantir.javapoet.CodeBlock literal(String text) {
        if (text.length() <= PIECE) return com.palantir.javapoet.CodeBlock.of("$S", text);
        java.util.List<com.palantir.javapoet.CodeBlock> pieces = new java.util.ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + PIECE);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end);
                if (space > start) end = space + 1;
            }
            pieces.add(com.palantir.javapoet.CodeBlock.of("$S", text.substring(start, end)));
            start = end;
        }
        return com.palantir.javapoet.CodeBlock.join(pieces, " +$W");
    }

    private static final int PIECE = 60;

    /** The file name of a location, without its folders: generated code must not depend on where it was built. */
    static String fileName(SourceLocation at) {
        String file = at.file().replace('\\', '/').replaceAll("[\\r\\n]", " ");
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** {@code gmlp.vmodel:12}, with separators made safe for a line comment. */
    static String where(SourceLocation at) {
        String file = at.file().replace('\\', '/').replaceAll("[\\r\\n]", " ");
        int slash = file.lastIndexOf('/');
        return (slash >= 0 ? file.substring(slash + 1) : file) + ":" + at.line();
    }
}
