package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formatting over LSP ({@code textDocument/formatting}) with the editor's indentation: the edits
 * the server returns, applied to the document, give the formatted spec; a formatted spec gets no
 * edits that change it; a spec that does not parse is left alone.
 */
class FormattingTest {
    @TempDir
    static Path workspace;

    static LspSession lsp;

    static final String MESSY = """
            model   Tiny{
            param dim=16
                input image( 3,8 ,8 )
              classes 10
              variant wide( dim=32 )
              x=layerNorm->linear( dim*2 )
              residual{layerNorm->linear(dim)}
            }
            block Mlp(dim,ratio=4){linear(dim*ratio)->gelu
            }
            """;

    static final String FORMATTED = """
            model Tiny {
                param dim = 16
                input image(3, 8, 8)
                classes 10
                variant wide(dim = 32)
                x = layerNorm -> linear(dim * 2)
                residual { layerNorm -> linear(dim) }
            }

            block Mlp(dim, ratio = 4) {
                linear(dim * ratio) -> gelu
            }
            """;

    @BeforeAll
    static void start() throws Exception {
        lsp = new LspSession();
        lsp.initialize(workspace);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lsp != null) lsp.close();
    }

    @Test
    void formatsAMessySpecWithTheEditorsIndentation() throws Exception {
        Path file = workspace.resolve("messy.vmodel");
        lsp.open(file, MESSY);
        assertEquals(FORMATTED, apply(MESSY, format(file, 4)));
    }

    @Test
    void aFormattedSpecStaysAsItIs() throws Exception {
        Path file = workspace.resolve("formatted.vmodel");
        lsp.open(file, FORMATTED);
        assertEquals(FORMATTED, apply(FORMATTED, format(file, 4)));
    }

    @Test
    void aSpecThatDoesNotParseIsLeftAlone() throws Exception {
        Path file = workspace.resolve("broken.vmodel");
        String broken = "model   Broken{\n  input image(3, 8, 8\n}\n";
        lsp.open(file, broken);
        assertEquals(broken, apply(broken, format(file, 2)));
    }

    private static List<? extends TextEdit> format(Path file, int indentation) throws Exception {
        DocumentFormattingParams params = new DocumentFormattingParams(
                new TextDocumentIdentifier(LspSession.uri(file)), new FormattingOptions(indentation, true));
        return LspSession.get(lsp.server.getTextDocumentService().formatting(params));
    }

    /** The text after the edits, applied from the last to the first as the protocol defines them. */
    private static String apply(String text, List<? extends TextEdit> edits) {
        List<TextEdit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt(
                        (TextEdit e) -> offset(text, e.getRange().getStart()))
                .reversed());
        StringBuilder result = new StringBuilder(text);
        for (TextEdit edit : ordered) {
            result.replace(
                    offset(text, edit.getRange().getStart()),
                    offset(text, edit.getRange().getEnd()),
                    edit.getNewText());
        }
        return result.toString();
    }

    private static int offset(String text, Position position) {
        int offset = 0;
        for (int line = 0; line < position.getLine(); line++) offset = text.indexOf('\n', offset) + 1;
        return offset + position.getCharacter();
    }
}
