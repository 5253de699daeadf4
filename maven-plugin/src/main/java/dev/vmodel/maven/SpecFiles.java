package dev.vmodel.maven;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** The spec files under a source directory, selected by glob patterns relative to it. */
final class SpecFiles {
    private SpecFiles() {}

    static List<Path> find(Path root, List<String> includes, List<String> excludes) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        FileSystem fs = FileSystems.getDefault();
        List<PathMatcher> in =
                includes.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
        List<PathMatcher> out =
                excludes.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> matches(in, root.relativize(p)) && !matches(out, root.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    /** "**&#47;*.vmodel" also matches a file at the top (a glob's "**&#47;" needs at least one folder). */
    private static boolean matches(List<PathMatcher> matchers, Path relative) {
        for (PathMatcher m : matchers) {
            if (m.matches(relative) || m.matches(Path.of("_").resolve(relative))) return true;
        }
        return false;
    }
}
