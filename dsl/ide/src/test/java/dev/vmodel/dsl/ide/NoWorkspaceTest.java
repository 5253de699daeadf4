package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An editor that opens a single {@code .vmodel} file without a folder sends {@code initialize}
 * with no root and no workspace folders. The server must start, and the file must still be
 * checked, with its imports resolved relative to the file itself.
 */
class NoWorkspaceTest {
    @TempDir
    Path folder;

    @Test
    void singleFileWithoutAWorkspaceGetsDiagnosticsAndResolvesItsImports() throws Exception {
        Files.createDirectories(folder.resolve("shared"));
        Files.writeString(folder.resolve("shared/parts.vmodel"), LanguageServerTest.PARTS);
        Path file = folder.resolve("main.vmodel");
        Files.writeString(file, LanguageServerTest.MAIN);
        try (LspSession lsp = new LspSession()) {
            lsp.initializeWithoutWorkspace();
            lsp.open(file, LanguageServerTest.MAIN);
            lsp.awaitDiagnostics(file, List::isEmpty);

            DefinitionParams params =
                    new DefinitionParams(new TextDocumentIdentifier(LspSession.uri(file)), new Position(11, 4));
            List<? extends Location> targets = LspSession.get(
                            lsp.server.getTextDocumentService().definition(params))
                    .getLeft();
            assertEquals(1, targets.size(), targets.toString());
            assertTrue(targets.get(0).getUri().endsWith("/shared/parts.vmodel"), targets.toString());

            lsp.change(file, 2, LanguageServerTest.MAIN.replace("  NormProj(dim)\n", "  NormProj(dimm)\n"));
            List<Diagnostic> found = lsp.awaitDiagnostics(file, d -> !d.isEmpty());
            assertEquals("vmodel.unknown-name", found.get(0).getCode().getLeft(), found.toString());
        }
    }
}
