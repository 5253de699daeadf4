package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit of an imported file re-checks its importers, as far up the chain of imports as it goes:
 * an unknown name introduced in a block of {@code leaf.vmodel}, which {@code mid.vmodel} imports
 * and {@code top.vmodel} imports through {@code mid}, appears in {@code top.vmodel} (at the call
 * that reaches the block, as {@code vmodel validate top.vmodel} reports it), and the fix clears
 * it. Before, the importers kept their old diagnostics until they were edited themselves (no
 * exported name changes, and the grammar links nothing).
 */
class ImportersTest {
    @TempDir
    Path workspace;

    static final String LEAF = """
            /** Two-by-two patches. */
            block Patches(dim) {
              conv(dim, kernel = 2, stride = 2) -> tokens
            }
            """;

    static final String MID = """
            import "leaf.vmodel"

            block Stem(dim) {
              Patches(dim) -> layerNorm
            }
            """;

    static final String TOP = """
            import "mid.vmodel"

            model Top {
              input image(3, 8, 8)
              classes 10
              Stem(16)
              pool(mean) -> linear(classes)
            }
            """;

    @Test
    void anErrorInAnImportedBlockReachesEveryImporterAndItsFixClearsThem() throws Exception {
        Path leaf = write("leaf.vmodel", LEAF);
        Path mid = write("mid.vmodel", MID);
        Path top = write("top.vmodel", TOP);
        try (LspSession lsp = new LspSession()) {
            lsp.initialize(workspace);
            lsp.open(top, TOP);
            lsp.open(mid, MID);
            lsp.open(leaf, LEAF);
            lsp.awaitDiagnostics(top, List::isEmpty);
            lsp.awaitDiagnostics(mid, List::isEmpty);

            lsp.change(leaf, 2, LEAF.replace("conv(dim,", "conv(hidden,"));
            Diagnostic atTop = lsp.awaitDiagnostics(top, d -> !d.isEmpty()).get(0);
            assertEquals("vmodel.unknown-name", atTop.getCode().getLeft(), atTop.toString());
            assertTrue(atTop.getMessage().getLeft().contains("unknown name 'hidden'"), atTop.toString());
            assertTrue(atTop.getMessage().getLeft().contains("leaf.vmodel:3:"), atTop.toString());

            lsp.change(leaf, 3, LEAF);
            lsp.awaitDiagnostics(top, List::isEmpty);
        }
    }

    private Path write(String name, String text) throws Exception {
        Path file = workspace.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
