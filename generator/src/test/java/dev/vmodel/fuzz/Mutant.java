package dev.vmodel.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One fuzz input: a small tree of spec files (a seed's files, one of them mutated, maybe extra
 * files for import mutations) and the file to check. {@code index} and the run's seed reproduce it.
 *
 * @param index position in the run; with the run's seed it determines the mutant
 * @param seed the seed tree it came from, e.g. {@code model-specs/cct.vmodel}
 * @param entry the file to validate, relative to the tree root
 * @param files every file of the tree by relative path, as bytes (a mutation may make them invalid UTF-8)
 * @param mutations what was done, one short phrase per mutation
 */
public record Mutant(int index, String seed, String entry, Map<String, byte[]> files, String mutations) {

    /** Writes the tree under {@code dir} and returns the entry file's path. */
    public Path writeTo(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return dir.resolve(entry);
    }
}
