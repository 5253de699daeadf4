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
 * comment from the imported file and the shape and parameter count of the patch embedding in each
 * width of gMLP.
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
            // Per variant, since the width differs. ti16 (and small, the same width): 224 / 16 = 14,
            // so 196 tokens of width 128; 16 * 16 * 3 * 128 + 128 = 98,432 parameters.
            assertTrue(
                    shown.contains("- GMlp ti16, GMlp small: image[3,224,224] → tokens[196,128] · params 98.4 K"),
                    shown);
            assertTrue(shown.contains("- GMlp b16, GMlp large: image[3,224,224] → tokens[196,512]"), shown);
        }
    }
}
