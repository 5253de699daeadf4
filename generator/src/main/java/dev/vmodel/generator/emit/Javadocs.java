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

    /** {@code gmlp.vmodel:12}, with separators made safe for a line comment. */
    static String where(SourceLocation at) {
        String file = at.file().replace('\\', '/').replaceAll("[\\r\\n]", " ");
        int slash = file.lastIndexOf('/');
        return (slash >= 0 ? file.substring(slash + 1) : file) + ":" + at.line();
    }
}
