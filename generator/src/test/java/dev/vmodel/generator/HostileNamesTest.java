package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.SpecModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names, doc comments and strings from a spec cannot break or inject into the generated Java:
 * Java keywords and names the generated code uses itself, unicode escapes that javac would decode
 * into a comment terminator or a newline before parsing, nested comment openers, javadoc tags and
 * non-ASCII text. The generated code must compile without warnings and run.
 */
class HostileNamesTest {
    static final String SPEC = """
            /**
             * Evil docs: \\u002a\\u002f System.exit(1); \\u002f\\u002a, \\u000a a newline escape, a nested /* opener,
             * @deprecated not really, <b>tags</b>, $dollar, unicode é 中文 ✓.
             */
            model String {
              /** Also \\u002a/ here. */
              param int = 4
              param default = 2
              input image(3, 4, 4)
              classes default
              variant builder(int = 4)
              variant ^default(int = 2)
              variant VARIANTS(int = 6)
              conv(int, kernel = 2, stride = 2) -> tokens -> class(int) -> pool(mean) -> linear(classes)
            }

            /** A block named like a Java keyword, with values named like the generated code's own locals. */
            block class(f) {
              split channels into x, shapes
              T = x * shapes
              T -> linear(f)
            }
            """;

    static final java.util.regex.Pattern UNICODE_ESCAPE = java.util.regex.Pattern.compile("(?<!\\\\)(\\\\\\\\)*\\\\u");

    @Test
    void hostileSpecCompilesAndRuns(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("evil.vmodel");
        Files.writeString(spec, SPEC);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        // A class named String or Class would shadow java.lang's in every class of the package.
        String model = code.source("String2");
        assertTrue(model.contains("System.exit(1);"), "the doc text is kept, inside the comment");
        // javac decodes a backslash-u that follows an even number of backslashes, even in a string
        // literal; in a literal the spec's backslash is doubled, which javac leaves alone.
        assertFalse(UNICODE_ESCAPE.matcher(model).find(), "a unicode escape reached the source");
        assertTrue(
                model.contains("\"Also \\\\u002a/ here.\""), "the param doc is kept in ParamInfo, escaped: " + model);
        assertTrue(model.contains("unicode é 中文 ✓"), model);
        assertTrue(model.contains("public static Builder builder2()"), model);
        assertTrue(model.contains("public static Builder default_()"), model);
        assertTrue(code.source("Class2").contains("public final class Class2 extends FlowBlock"));

        SpecModel built = GeneratedModels.build(code, "String", "default", Map.of());
        try (NDManager m = Engines.newBaseManager()) {
            built.initialize(m, DataType.FLOAT32, built.inputShape(1));
            assertEquals(2, built.classes());
        }
    }
}
