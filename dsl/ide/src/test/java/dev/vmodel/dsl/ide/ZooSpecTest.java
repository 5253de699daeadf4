package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zoo spec as it is edited: gMLP with its shared blocks, in a workspace laid out like
 * {@code model-specs/}. It has no diagnostics, and hover on a shared block's call gives the doc
 * comment from the imported file and the shape and parameter count of gMLP-Ti/16's patch embedding.
 */
class ZooSpecTest {
    static final Path ZOO = Path.of("..", "..", "model-specs");

    @TempDir
    Path workspace;

    @Test
    void gmlpValidatesAndHoverOnItsPatchEmbeddingShowsTheImportedDocAndCost() throws Exception {
        Files.createDirectories(workspace.resolve("shared"));
        for (String name : List.of("gmlp.vmodel", "shared/mlp.vmodel", "shared/transformer.vmodel")) {
            Files.copy(ZOO.resolve(name), workspace.resolve(name));
        }
        Path file = workspace.resolve("gmlp.vmodel");
        String text = Files.readString(file);
        try (LspSession lsp = new LspSession()) {
            lsp.initialize(workspace);
            lsp.open(file, text);
            lsp.awaitDiagnostics(file, List::isEmpty);

            int line = (int) text.lines()
                    .takeWhile(l -> !l.contains("PatchEmbed(dim, patch)"))
                    .count();
            Hover hover = LspSession.get(lsp.server
                    .getTextDocumentService()
                    .hover(new HoverParams(new TextDocumentIdentifier(LspSession.uri(file)), new Position(line, 4))));
            String shown = hover.getContents().getRight().getValue();
            assertTrue(shown.contains("block PatchEmbed(dim, patch, init, biasInit)"), shown);
            assertTrue(shown.contains("Non-overlapping patches"), shown);
            // ti16: 224 / 16 = 14, so 196 tokens of width 128; 16 * 16 * 3 * 128 + 128 parameters.
            assertTrue(shown.contains("In GMlp ti16"), shown);
            assertTrue(shown.contains("[196,128]"), shown);
            assertTrue(shown.contains("params 98,432"), shown);
        }
    }
}
