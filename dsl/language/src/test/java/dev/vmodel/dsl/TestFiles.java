package dev.vmodel.dsl;

import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.semantic.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers shared by the tests: writing spec files and loading them. */
public final class TestFiles {
    private TestFiles() {}

    public static final SpecLoader LOADER = SpecLoader.create();

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path relative to the working directory, as a user would type it. */
    public static Path relative(Path file) {
        return Path.of("").toAbsolutePath().relativize(file.toAbsolutePath());
    }

    public static LoadResult load(Path file) {
        return LOADER.load(file);
    }

    public static List<String> codes(LoadResult r) {
        return r.diagnostics().stream().map(Diagnostic::code).collect(Collectors.toList());
    }

    public static String describe(LoadResult r) {
        return r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }
}
