package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.vmodel.runtime.Engines;
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

    @Test
    void hostileSpecCompilesAndRuns(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("evil.vmodel");
        Files.writeString(spec, SPEC);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        String model = code.files.stream().filter(f -> f.typeSpec().name().equals("String")).findFirst()
                .map(JavaFile::toString).orElseThrow();
        assertTrue(model.contains("System.exit(1);"), "the doc text is kept, inside the comment");
        assertFalse(model.contains("\\u002a"), "a unicode escape reached the source");
        assertFalse(model.contains("\\u000a"), "a unicode escape reached the source");
        assertTrue(model.contains("unicode é 中文 ✓"), model);
        assertTrue(model.contains("public static Builder builder2()"), model);
        assertTrue(model.contains("public static Builder default_()"), model);
        assertTrue(code.files.stream().anyMatch(f -> f.typeSpec().name().equals("Class")));

        Block built = GeneratedModels.build(code.load("String"), "default", Map.of());
        try (NDManager m = Engines.newBaseManager()) {
            built.initialize(m, DataType.FLOAT32, GeneratedModels.inputShape(built, 1));
            assertEquals(2, GeneratedModels.classes(built));
        }
    }
}
