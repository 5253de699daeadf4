package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace symbol search over LSP lists the models and blocks of every file of the workspace,
 * opened or not, and nothing smaller (the index holds only those, {@link ModelsAndBlocksIndexed}).
 */
class WorkspaceSymbolTest {
    @TempDir
    Path workspace;

    @Test
    void findsModelsAndBlocksOfEveryFileByName() throws Exception {
        Files.createDirectories(workspace.resolve("shared"));
        Files.writeString(workspace.resolve("shared/parts.vmodel"), LanguageServerTest.PARTS);
        Files.writeString(workspace.resolve("main.vmodel"), LanguageServerTest.MAIN);
        try (LspSession lsp = new LspSession()) {
            lsp.initialize(workspace);
            assertEquals(List.of("NormProj", "Patches", "Tiny"), names(lsp, ""));
            assertEquals(List.of("Patches"), names(lsp, "Patch"));
            assertEquals(List.of(), names(lsp, "dim"));
        }
    }

    private static List<String> names(LspSession lsp, String query) throws Exception {
        var result = LspSession.get(lsp.server.getWorkspaceService().symbol(new WorkspaceSymbolParams(query)));
        List<String> names = result.isLeft()
                ? result.getLeft().stream().map(s -> s.getName()).collect(Collectors.toList())
                : result.getRight().stream().map(WorkspaceSymbol::getName).collect(Collectors.toList());
        return names.stream().sorted().collect(Collectors.toList());
    }
}
