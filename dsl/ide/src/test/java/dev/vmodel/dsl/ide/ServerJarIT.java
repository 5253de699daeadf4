package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar works as an editor runs it: started as {@code java -jar
 * vmodel-language-server.jar}, it validates with the language's checks and issue codes, which a
 * fat jar that dropped a {@code plugin.properties} or a {@code META-INF/services} entry would
 * silently not do. Runs in the {@code package} phase, after the jar is built.
 */
class ServerJarIT {
    @TempDir
    Path workspace;

    @Test
    void theJarPublishesTheValidatorsDiagnostics() throws Exception {
        Path jar = Path.of("target", "vmodel-language-server.jar");
        assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar.toAbsolutePath());
        Path file = workspace.resolve("broken.vmodel");
        String spec =
                "model Broken {\n  input image(3, 8, 8)\n  classes 10\n  tokens -> pool(mean) -> lineer(classes)\n}\n";
        Files.writeString(file, spec);
        try (LspSession lsp = new LspSession(jar)) {
            lsp.initialize(workspace);
            lsp.open(file, spec);
            List<Diagnostic> found = lsp.awaitDiagnostics(file, d -> !d.isEmpty());
            assertEquals(1, found.size(), found.toString());
            assertEquals("vmodel.unknown-name", found.get(0).getCode().getLeft());
            assertEquals(new Position(3, 26), found.get(0).getRange().getStart());

            lsp.change(file, 2, spec.replace("lineer", "linear"));
            lsp.awaitDiagnostics(file, List::isEmpty);
        }
    }
}
