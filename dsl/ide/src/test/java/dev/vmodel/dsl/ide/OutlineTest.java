package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document outline over LSP, as a client with hierarchical symbols (VS Code) asks for it:
 * each symbol's kind, name, detail, range and selected name, nested as the spec is.
 */
class OutlineTest {
    @TempDir
    Path workspace;

    static final String SPEC = """
            import "shared/parts.vmodel"

            model Tiny {
              param dim = 16
              input image(3, 8, 8)
              classes 10
              variant wide(dim = 32)
              Patches(dim)
              layerNorm -> pool(mean) -> linear(classes)
              train {
                lr = 1e-3
                epochs = 3
              }
            }

            block Mlp(dim, ratio = 4) {
              linear(dim * ratio) -> gelu -> linear(dim)
            }
            """;

    @Test
    void outlinesModelsWithTheirMembersAndBlocksWithTheirParameters() throws Exception {
        Files.createDirectories(workspace.resolve("shared"));
        Files.writeString(workspace.resolve("shared/parts.vmodel"), LanguageServerTest.PARTS);
        Path file = workspace.resolve("tiny.vmodel");
        Files.writeString(file, SPEC);
        try (LspSession lsp = new LspSession()) {
            lsp.initialize(workspace);
            lsp.open(file, SPEC);
            List<Either<SymbolInformation, DocumentSymbol>> result = LspSession.get(lsp.server
                    .getTextDocumentService()
                    .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(LspSession.uri(file)))));
            List<String> lines = new ArrayList<>();
            for (Either<SymbolInformation, DocumentSymbol> each : result) {
                assertTrue(each.isRight(), "a hierarchical symbol: " + each);
                render(each.getRight(), "", lines);
            }
            assertEquals(
                    List.of(
                            "Module shared/parts.vmodel (import) 0:0-0:28 sel 0:0-0:6",
                            "Class Tiny (model) 2:0-13:1 sel 2:6-2:10",
                            "  Variable dim (= 16) 3:2-3:16 sel 3:8-3:11",
                            "  Field input (image(3, 8, 8)) 4:2-4:22 sel 4:2-4:7",
                            "  Field classes (10) 5:2-5:12 sel 5:2-5:9",
                            "  EnumMember wide ((dim = 32)) 6:2-6:24 sel 6:10-6:14",
                            "  Namespace train (null) 9:2-12:3 sel 9:2-9:7",
                            "    Property lr (1e-3) 10:4-10:13 sel 10:4-10:6",
                            "    Property epochs (3) 11:4-11:14 sel 11:4-11:10",
                            "Function Mlp (block Mlp(dim, ratio)) 15:0-17:1 sel 15:6-15:9",
                            "  Variable dim (null) 15:10-15:13 sel 15:10-15:13",
                            "  Variable ratio (= 4) 15:15-15:24 sel 15:15-15:20"),
                    lines);
        }
    }

    private static void render(DocumentSymbol s, String indent, List<String> lines) {
        lines.add(indent + s.getKind() + " " + s.getName() + " (" + s.getDetail() + ") " + range(s.getRange()) + " sel "
                + range(s.getSelectionRange()));
        if (s.getChildren() != null) {
            for (DocumentSymbol child : s.getChildren()) render(child, indent + "  ", lines);
        }
    }

    private static String range(Range r) {
        return r.getStart().getLine() + ":" + r.getStart().getCharacter() + "-"
                + r.getEnd().getLine() + ":" + r.getEnd().getCharacter();
    }
}
