package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block's constructor takes the sizes of its input by name, as the spec names them, and its
 * caller passes them from its shapes; a block the spec calls with inputs of two kinds (tokens
 * and a vector) cannot, and takes the input's shape. Both compile without warnings.
 */
class InputSizesTest {
    static final String SPEC = """
            model Mixed {
              param dim = 8
              input image(3, 8, 8)
              classes 4
              variant small(dim = 4)
              conv(dim, kernel = 2, stride = 2) -> Stem(dim) -> tokens -> Norm -> Width -> pool(mean) -> Norm
              linear(classes)
            }

            block Stem(d) {
              conv(d, kernel = 1) -> batchNorm
            }

            block Norm {
              layerNorm -> linear(channels)
            }

            block Width {
              linear(tokens) -> linear(channels)
            }
            """;

    @Test
    void constructorsTakeNamedSizes(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("sizes.vmodel");
        Files.writeString(spec, SPEC);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        String stem = code.source("Stem");
        assertTrue(stem.contains("public Stem(long d, long channels, long height, long width)"), stem);
        assertTrue(stem.contains("new Shape(1, channels, height, width)"), stem);
        String width = code.source("Width");
        assertTrue(width.contains("public Width(long tokens, long channels)"), width);
        String norm = code.source("Norm");
        assertTrue(norm.contains("public Norm(Shape input)"), norm);
        String model = code.source("Mixed");
        assertTrue(model.contains("new Width(Sizes.tokens(x), Sizes.channels(x))"), model);
    }
}
