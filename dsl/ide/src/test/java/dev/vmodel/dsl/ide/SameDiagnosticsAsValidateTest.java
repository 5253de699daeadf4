package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vmodel.dsl.load.SpecCheck;
import dev.vmodel.dsl.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.Diagnostic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The editor shows what {@code vmodel validate} prints: for each broken spec, the diagnostics the
 * server publishes (code, message, 1-based line and column, as the command line writes them)
 * equal those the command line's check ({@link SpecCheck}) finds in that file.
 */
class SameDiagnosticsAsValidateTest {
    @TempDir
    static Path workspace;

    static LspSession lsp;

    @BeforeAll
    static void start() throws Exception {
        lsp = new LspSession();
        lsp.initialize(workspace);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lsp != null) lsp.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // an unknown name
                "model A {\n  input image(3, 8, 8)\n  classes 10\n  tokens -> pool(mean) -> linear(hidden)\n}\n",
                // several semantic errors: an unknown primitive, a bad argument, a wrong class count
                "model B {\n  input image(3, 8, 8)\n  classes 10\n  tokens -> lineer(4) -> dropout(1.5)\n"
                        + "  pool(mean) -> linear(7)\n}\n",
                // a syntax error
                "model C {\n  input image(3, 8, 8\n  classes 10\n}\n",
                // an import that does not exist
                "import \"missing.vmodel\"\nmodel D {\n  input image(3, 8, 8)\n  classes 10\n"
                        + "  tokens -> pool(mean) -> linear(classes)\n}\n",
            })
    void theServerReportsWhatValidateReports(String spec) throws Exception {
        assertSameDiagnostics(spec);
    }

    /**
     * A message that names another place of the file: the server's documents have {@code file:///}
     * URIs, whose path must read as {@code validate} prints it ({@code /tmp/...}, not {@code ///tmp/...}).
     */
    @Test
    void aMessageNamingAnotherPlaceShowsThePathAsValidateDoes() throws Exception {
        assertSameDiagnostics(
                "model E {\n  param d = 4\n  param d = 5\n  input vector(4)\n  classes 2\n" + "  linear(classes)\n}\n");
    }

    private static void assertSameDiagnostics(String spec) throws Exception {
        Path file = workspace.resolve("spec" + Integer.toHexString(spec.hashCode()) + ".vmodel");
        Files.writeString(file, spec);
        List<String> expected = SpecCheck.of(SpecLoader.create(), file).diagnostics().stream()
                .filter(d -> d.location() != null
                        && file.toString().equals(d.location().file()))
                .map(d -> d.code() + " " + (d.location().line()) + ":"
                        + d.location().column() + " " + d.message())
                .sorted()
                .collect(Collectors.toList());
        assertFalse(expected.isEmpty(), "the spec must be broken for validate");

        lsp.open(file, spec);
        List<Diagnostic> published = lsp.awaitDiagnostics(file, d -> !d.isEmpty());
        List<String> actual = published.stream()
                .map(d -> d.getCode().getLeft() + " " + (d.getRange().getStart().getLine() + 1) + ":"
                        + (d.getRange().getStart().getCharacter() + 1) + " "
                        + d.getMessage().getLeft())
                .sorted()
                .collect(Collectors.toList());
        assertEquals(expected, actual);
    }
}
