package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Find references over LSP: a block declared in one file and called from two others through
 * imports (one of them never opened, found through the workspace), a block's parameter used in
 * its body and as a named argument of a call in another file, and a model's parameter used in
 * expressions and bound by a variant.
 */
class ReferencesTest {
    @TempDir
    static Path workspace;

    static LspSession lsp;

    static final String PARTS = """
            block Patches(dim) {
              conv(dim, kernel = 2, stride = 2) -> tokens
            }
            """;

    static final String MAIN = """
            import "shared/parts.vmodel"

            model Tiny {
              param dim = 16
              variant wide(dim = 32)
              input image(3, 8, 8)
              classes 10
              Patches(dim)
              layerNorm -> linear(dim * 2) -> pool(mean) -> linear(classes)
            }
            """;

    static final String SECOND = """
            import "shared/parts.vmodel"

            model Other {
              input image(3, 8, 8)
              classes 10
              Patches(dim = 8)
              pool(mean) -> linear(classes)
            }
            """;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(workspace.resolve("shared"));
        Files.writeString(workspace.resolve("shared/parts.vmodel"), PARTS);
        Files.writeString(workspace.resolve("main.vmodel"), MAIN);
        Files.writeString(workspace.resolve("second.vmodel"), SECOND);
        lsp = new LspSession();
        lsp.initialize(workspace);
        lsp.open(workspace.resolve("main.vmodel"), MAIN);
        lsp.awaitDiagnostics(workspace.resolve("main.vmodel"), List::isEmpty);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lsp != null) lsp.close();
    }

    @Test
    void findsTheCallsOfAnImportedBlockInEveryFileFromACall() throws Exception {
        List<String> found = references("main.vmodel", new Position(7, 4), true);
        assertEquals(List.of("shared/parts.vmodel:0:6-0:13", "main.vmodel:7:2-7:9", "second.vmodel:5:2-5:9"), found);
    }

    @Test
    void findsTheCallsOfABlockFromItsDeclaration() throws Exception {
        lsp.open(workspace.resolve("shared/parts.vmodel"), PARTS);
        List<String> found = references("shared/parts.vmodel", new Position(0, 8), false);
        assertEquals(List.of("main.vmodel:7:2-7:9", "second.vmodel:5:2-5:9"), sorted(found));
    }

    @Test
    void findsABlockParameterInTheBodyAndAsANamedArgumentElsewhere() throws Exception {
        lsp.open(workspace.resolve("shared/parts.vmodel"), PARTS);
        List<String> found = references("shared/parts.vmodel", new Position(0, 15), true);
        assertEquals(
                List.of("shared/parts.vmodel:0:14-0:17", "shared/parts.vmodel:1:7-1:10", "second.vmodel:5:10-5:13"),
                found);
    }

    @Test
    void findsAModelParameterInExpressionsAndVariantsFromAUse() throws Exception {
        // "dim" in "linear(dim * 2)".
        List<String> found = references("main.vmodel", new Position(8, 23), true);
        assertEquals(
                List.of(
                        "main.vmodel:3:8-3:11",
                        "main.vmodel:7:10-7:13",
                        "main.vmodel:8:22-8:25",
                        "main.vmodel:4:15-4:18"),
                found);
    }

    @Test
    void aPrimitiveHasNoReferences() throws Exception {
        assertEquals(List.of(), references("main.vmodel", new Position(8, 4), true));
    }

    private static List<String> references(String file, Position at, boolean withDeclaration) throws Exception {
        ReferenceParams params = new ReferenceParams(
                new TextDocumentIdentifier(LspSession.uri(workspace.resolve(file))),
                at,
                new ReferenceContext(withDeclaration));
        List<? extends Location> locations =
                LspSession.get(lsp.server.getTextDocumentService().references(params));
        String root = LspSession.uri(workspace);
        return locations.stream()
                .map(l -> l.getUri().substring(root.length() + (root.endsWith("/") ? 0 : 1)) + ":"
                        + l.getRange().getStart().getLine() + ":"
                        + l.getRange().getStart().getCharacter() + "-"
                        + l.getRange().getEnd().getLine() + ":"
                        + l.getRange().getEnd().getCharacter())
                .collect(Collectors.toList());
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }
}
