package dev.vmodel.generator.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python module of the shifted-window spec (every source, einsum, take, rearrange and roll,
 * const tables reading earlier tables, broadcasting merges), compared with a reviewed copy in
 * {@code src/test/resources/python-twin/expected}. After a deliberate change to the emitter, run
 * with {@code -Dgolden.update=true}, then read the diff of the expected file before committing it.
 */
class PythonTensorGoldenFileTest {
    static final Path SPEC = Path.of("src/test/resources/new-architectures/shifted-windows.vmodel");
    static final Path EXPECTED = Path.of("src/test/resources/python-twin/expected/shifted_windows.py");

    @Test
    void shiftedWindowsGeneratesTheReviewedModule(@TempDir Path dir) throws IOException {
        String actual = PythonCode.generate(dir, "twin", SPEC).modules().get("shifted_windows.py");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(EXPECTED.getParent());
            Files.writeString(EXPECTED, actual);
        }
        assertEquals(Files.readString(EXPECTED), actual);
    }
}
