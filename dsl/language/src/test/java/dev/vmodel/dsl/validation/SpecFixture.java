package dev.vmodel.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vmodel.dsl.load.SpecCheck;
import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.Severity;
import dev.vmodel.semantic.model.ModelInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes specs to a folder, checks them the way the command line does, and asserts on the result. */
final class SpecFixture {
    static final SpecLoader LOADER = SpecLoader.create();

    private final Path dir;

    SpecFixture(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loader diagnostics plus, when the files parsed, the semantic analysis. */
    record Checked(List<Diagnostic> diagnostics, List<ModelInstance> instances) {
        String listing() {
            return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
        }

        /** Asserts one diagnostic of this severity and code on this line, and returns it. */
        Diagnostic expect(Severity severity, String code, int line) {
            for (Diagnostic d : diagnostics) {
                if (d.severity() == severity
                        && d.code().equals(code)
                        && d.location().line() == line) {
                    assertTrue(d.location().column() >= 1, d.format());
                    assertTrue(!d.message().isBlank(), d.format());
                    return d;
                }
            }
            return fail("expected " + severity.word() + " " + code + " on line " + line + ", got:\n" + listing());
        }

        Diagnostic error(String code, int line) {
            return expect(Severity.ERROR, code, line);
        }

        Diagnostic warning(String code, int line) {
            return expect(Severity.WARNING, code, line);
        }

        boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    Checked check(Path file) {
        SpecCheck c = SpecCheck.of(LOADER, file);
        return new Checked(c.diagnostics(), c.instances());
    }

    Checked check(String text) {
        return check(write("main.vmodel", text));
    }
}
