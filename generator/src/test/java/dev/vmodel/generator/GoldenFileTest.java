package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated sources of a small spec, compared with reviewed copies in
 * {@code src/test/resources/golden/expected}. After a deliberate change to the generator, run
 * with {@code -Dgolden.update=true}, then read the diff of the expected files before committing it.
 */
class GoldenFileTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void tinySpecGeneratesTheReviewedSources(@TempDir Path dir) throws IOException {
        GeneratedCode code = GeneratedCode.of(dir, GOLDEN.resolve("tiny.vmodel"));
        Map<String, String> actual = new TreeMap<>();
        for (GeneratedFile f : code.files)
            actual.put(Path.of(f.path()).getFileName().toString(), f.content());
        Path expectedDir = GOLDEN.resolve("expected");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(expectedDir);
            try (Stream<Path> old = Files.list(expectedDir)) {
                for (Path p : old.toList()) Files.delete(p);
            }
            for (Map.Entry<String, String> e : actual.entrySet())
                Files.writeString(expectedDir.resolve(e.getKey()), e.getValue());
        }
        Map<String, String> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(expectedDir)) {
            for (Path p : files.toList()) expected.put(p.getFileName().toString(), Files.readString(p));
        }
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) assertEquals(expected.get(name), actual.get(name), name);
    }

    @Test
    void generationIsByteIdenticalAcrossRuns(@TempDir Path dir) {
        List<Generator.Unit> units = GeneratedCode.of(dir, GeneratedZooTest.ZOO.resolve("cct.vmodel")).units;
        List<GeneratedFile> first = Generator.run(units, "dev.vmodel.models").files();
        List<GeneratedFile> second = Generator.run(units, "dev.vmodel.models").files();
        assertEquals(first, second);
    }
}
