package dev.vmodel.eclipse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The language's keywords, read from its Xtext grammar ({@code dev/vmodel/dsl/VModel.xtext}
 * inside the language server jar), so that colouring follows the grammar without a second list:
 * every quoted word of two letters or more ({@code 'model'}, {@code 'param'}, ...).
 */
final class GrammarKeywords {
    static final String GRAMMAR = "dev/vmodel/dsl/VModel.xtext";
    private static final Pattern QUOTED_WORD = Pattern.compile("'([A-Za-z][A-Za-z0-9_]+)'");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private GrammarKeywords() {}

    static Set<String> of(String grammar) {
        Set<String> keywords = new TreeSet<>();
        Matcher m = QUOTED_WORD.matcher(COMMENT.matcher(grammar).replaceAll(" "));
        while (m.find()) keywords.add(m.group(1));
        return keywords;
    }

    static Set<String> fromServerJar(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry(GRAMMAR);
            if (entry == null) throw new IOException(GRAMMAR + " is missing from " + jar);
            try (InputStream in = zip.getInputStream(entry)) {
                return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
