package dev.vmodel.generator.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmodel.generator.GeneratedFile;
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
 * The Python modules of a small spec that uses every dataflow construct (residual, split and the
 * four merges, mix tokens, a repeat with its index, labels, a block with params from an imported
 * file, variants, a train section), compared with reviewed copies in
 * {@code src/test/resources/golden-python/expected}. After a deliberate change to the emitter,
 * run with {@code -Dgolden.update=true}, then read the diff of the expected files before
 * committing it.
 */
class PythonGoldenFileTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden-python");

    @Test
    void twinSpecGeneratesTheReviewedModules(@TempDir Path dir) throws IOException {
        Map<String, String> actual = PythonCode.generate(dir, "com.example.twin", GOLDEN.resolve("twin.vmodel"))
                .modules();
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
        assertEquals(
                new java.util.TreeSet<>(List.of("__init__.py", "shared_token_mlp.py", "twin.py")), actual.keySet());
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) assertEquals(expected.get(name), actual.get(name), name);
    }

    @Test
    void generationIsByteIdenticalAcrossRunsAndFolders(@TempDir Path dir) throws IOException {
        // The same specs in two folders, generated twice: nothing may depend on where they are.
        List<List<GeneratedFile>> runs = new java.util.ArrayList<>();
        for (String folder : new String[] {"a", "b/c", "a"}) {
            Path specs = dir.resolve("specs").resolve(folder);
            Files.createDirectories(specs.resolve("shared"));
            Files.copy(
                    GOLDEN.resolve("twin.vmodel"),
                    specs.resolve("twin.vmodel"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    GOLDEN.resolve("shared/token-mlp.vmodel"),
                    specs.resolve("shared/token-mlp.vmodel"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            runs.add(PythonCode.generate(
                            dir.resolve("out" + runs.size()), "com.example.twin", specs.resolve("twin.vmodel"))
                    .files);
        }
        assertEquals(runs.get(0), runs.get(1));
        assertEquals(runs.get(0), runs.get(2));
    }
}
