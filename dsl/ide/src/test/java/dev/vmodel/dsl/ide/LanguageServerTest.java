package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the language server as an editor would, over LSP: diagnostics with the command line's
 * messages and issue codes at the right place, their disappearance after a fix, hover, completion
 * of layer names and go-to-definition of an imported block. One server for the class (starting
 * Xtext's is the slow part); each test opens its own document.
 */
class LanguageServerTest {
    @TempDir
    static Path workspace;

    static LspSession lsp;

    /** A block of this file, a block from the imported file, and primitives. */
    static final String MAIN = """
            import "shared/parts.vmodel"

            /** Norm then projection. */
            block NormProj(dim) {
              layerNorm -> linear(dim)
            }

            model Tiny {
              param dim = 16
              input image(3, 8, 8)
              classes 10
              Patches(dim)
              NormProj(dim)
              layerNorm -> pool(mean) -> linear(classes)
            }
            """;

    static final String PARTS = """
            /** Two-by-two patches, one token each. */
            block Patches(dim) {
              conv(dim, kernel = 2, stride = 2) -> tokens
            }
            """;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(workspace.resolve("shared"));
        Files.writeString(workspace.resolve("shared/parts.vmodel"), PARTS);
        Files.writeString(workspace.resolve("main.vmodel"), MAIN);
        lsp = new LspSession();
        lsp.initialize(workspace);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lsp != null) lsp.close();
    }

    @Test
    void reportsTheCommandLinesDiagnosticAtItsPlaceAndClearsItAfterAFix() throws Exception {
        Path file = workspace.resolve("broken.vmodel");
        String broken = """
                model Broken {
                  input image(3, 8, 8)
                  classes 10
                  tokens -> pool(mean) -> linear(hidden)
                }
                """;
        lsp.open(file, broken);
        List<Diagnostic> found = lsp.awaitDiagnostics(file, d -> !d.isEmpty());
        assertEquals(1, found.size(), found.toString());
        Diagnostic d = found.get(0);
        assertEquals("vmodel.unknown-name", d.getCode().getLeft(), found.toString());
        assertEquals(
                "unknown name 'hidden' (linear out must be an integer)",
                d.getMessage().getLeft());
        assertEquals(new Position(3, 33), d.getRange().getStart());
        assertEquals(new Position(3, 39), d.getRange().getEnd());

        lsp.change(file, 2, broken.replace("linear(hidden)", "linear(classes)"));
        lsp.awaitDiagnostics(file, List::isEmpty);
    }

    @Test
    void reportsASyntaxErrorWhereItIs() throws Exception {
        Path file = workspace.resolve("syntax.vmodel");
        lsp.open(file, "model Syntax {\n  input image(3, 8, 8\n}\n");
        List<Diagnostic> found = lsp.awaitDiagnostics(file, d -> !d.isEmpty());
        assertEquals(2, found.get(0).getRange().getStart().getLine(), found.toString());
    }

    @Test
    void aValidZooSpecWithImportsHasNoDiagnostics() throws Exception {
        lsp.open(workspace.resolve("main.vmodel"), MAIN);
        lsp.awaitDiagnostics(workspace.resolve("main.vmodel"), List::isEmpty);
    }

    @Test
    void flagsAnEmptyFileAsValidateDoes() throws Exception {
        Path file = workspace.resolve("empty.vmodel");
        lsp.open(file, "// nothing yet\n");
        Diagnostic d = lsp.awaitDiagnostics(file, found -> !found.isEmpty()).get(0);
        assertEquals("vmodel.empty-file", d.getCode().getLeft());
        assertEquals("no model or block in this file", d.getMessage().getLeft());
        assertEquals(new Position(0, 0), d.getRange().getStart());
    }

    @Test
    void showsASyntaxErrorOfAnImportedFileAtTheImportLine() throws Exception {
        Files.writeString(workspace.resolve("shared/broken-parts.vmodel"), "block Bad(dim) {\n  linear(dim\n}\n");
        Path file = workspace.resolve("imports-broken.vmodel");
        lsp.open(file, MAIN.replace("shared/parts.vmodel", "shared/broken-parts.vmodel"));
        List<Diagnostic> found = lsp.awaitDiagnostics(file, d -> !d.isEmpty());
        Diagnostic d = found.get(0);
        assertEquals(1, found.size(), found.toString());
        assertEquals(new Position(0, 0), d.getRange().getStart(), found.toString());
        assertEquals(new Position(0, 35), d.getRange().getEnd(), found.toString());
        String message = d.getMessage().getLeft();
        assertTrue(message.startsWith("error in imported file "), message);
        assertTrue(message.contains("broken-parts.vmodel:3:1: "), message);
    }

    @Test
    void showsAnErrorInsideAnImportedBlockAtTheCall() throws Exception {
        Files.writeString(workspace.resolve("shared/bad-block.vmodel"), "block Bad(dim) {\n  lineer(dim)\n}\n");
        Path file = workspace.resolve("calls-bad-block.vmodel");
        lsp.open(
                file,
                MAIN.replace("shared/parts.vmodel", "shared/bad-block.vmodel")
                        .replace("  Patches(dim)\n", "  tokens -> Bad(dim)\n"));
        List<Diagnostic> found = lsp.awaitDiagnostics(file, d -> !d.isEmpty());
        assertEquals(1, found.size(), found.toString());
        Diagnostic d = found.get(0);
        assertEquals("vmodel.unknown-name", d.getCode().getLeft());
        assertEquals(new Position(11, 12), d.getRange().getStart());
        assertTrue(
                d.getMessage().getLeft().endsWith("bad-block.vmodel:2:3)"),
                d.getMessage().getLeft());
    }

    @Test
    void completesLayerNamesWithPrimitivesAndVisibleBlocks() throws Exception {
        Path file = workspace.resolve("main.vmodel");
        lsp.open(file, MAIN);
        // At the start of "layerNorm -> pool(mean) ..." in the model.
        CompletionParams params =
                new CompletionParams(new TextDocumentIdentifier(LspSession.uri(file)), new Position(13, 2));
        var result = LspSession.get(lsp.server.getTextDocumentService().completion(params));
        List<CompletionItem> items =
                result.isLeft() ? result.getLeft() : result.getRight().getItems();
        List<String> labels = items.stream().map(CompletionItem::getLabel).collect(Collectors.toList());
        assertTrue(
                labels.containsAll(List.of("linear", "layerNorm", "attention", "NormProj", "Patches")),
                labels.toString());
    }

    @Test
    void completesParamsRepeatIndicesAndInitialisersInAnExpressionAndArgumentNamesInACall() throws Exception {
        Path file = workspace.resolve("complete.vmodel");
        String text = """
                block Stack(depth, width) {
                  repeat depth as i {
                    linear(width, init = xavierUniform)
                  }
                }
                """;
        lsp.open(file, text);
        // After "linear(" on line 2: an expression or an argument name may start here.
        List<String> inCall = labels(file, new Position(2, 11));
        assertTrue(inCall.containsAll(List.of("depth", "width", "i", "truncNormal", "zeros")), inCall.toString());
        assertTrue(inCall.containsAll(List.of("out = ", "bias = ", "init = ")), inCall.toString());
        assertTrue(!inCall.contains("eps = "), "linear has no eps: " + inCall);
    }

    private List<String> labels(Path file, Position at) throws Exception {
        var result = LspSession.get(lsp.server
                .getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(LspSession.uri(file)), at)));
        List<CompletionItem> items =
                result.isLeft() ? result.getLeft() : result.getRight().getItems();
        return items.stream().map(CompletionItem::getLabel).collect(Collectors.toList());
    }

    @Test
    void goesFromACallToTheImportedBlock() throws Exception {
        Path file = workspace.resolve("main.vmodel");
        lsp.open(file, MAIN);
        DefinitionParams params =
                new DefinitionParams(new TextDocumentIdentifier(LspSession.uri(file)), new Position(11, 4));
        List<? extends Location> targets = LspSession.get(
                        lsp.server.getTextDocumentService().definition(params))
                .getLeft();
        assertEquals(1, targets.size(), targets.toString());
        Location target = targets.get(0);
        assertTrue(target.getUri().endsWith("/shared/parts.vmodel"), target.getUri());
        assertEquals(new Position(1, 6), target.getRange().getStart());
    }

    @Test
    void hoverOnALayerShowsItsSignatureShapeAndCost() throws Exception {
        Path file = workspace.resolve("main.vmodel");
        lsp.open(file, MAIN);
        // "linear(classes)" on the model's last line: [16] -> [10], 16*10 + 10 parameters.
        String text = hover(file, new Position(13, 31));
        assertTrue(text.contains("linear(out"), text);
        assertTrue(text.contains("In Tiny"), text);
        assertTrue(text.contains("vector[16] → **vector[10]**"), text);
        assertTrue(text.contains("params 170, MACs 160"), text);
    }

    @Test
    void hoverShowsTheFiguresPerVariantWhereTheVariantsDiffer() throws Exception {
        Path file = workspace.resolve("variants.vmodel");
        String spec = """
                model Wide {
                  param dim = 16
                  variant small(dim = 16)
                  variant big(dim = 32)
                  variant alsoSmall(dim = 16)
                  input image(3, 8, 8)
                  classes 10
                  conv(dim, kernel = 2, stride = 2) -> tokens
                  layerNorm -> pool(mean) -> linear(classes)
                }
                """;
        lsp.open(file, spec);
        lsp.awaitDiagnostics(file, List::isEmpty);
        String text = hover(file, new Position(8, 31));
        assertTrue(
                text.contains("- Wide small, Wide alsoSmall: vector[16] → vector[10] · params 170 · MACs 160\n"
                        + "- Wide big: vector[32] → vector[10] · params 330 · MACs 320"),
                text);
    }

    @Test
    void hoverOnABlockCallShowsItsDocComment() throws Exception {
        Path file = workspace.resolve("main.vmodel");
        lsp.open(file, MAIN);
        String text = hover(file, new Position(12, 4));
        assertTrue(text.contains("block NormProj(dim)"), text);
        assertTrue(text.contains("Norm then projection."), text);
    }

    @Test
    void completesAndHoversTheTensorConstructs() throws Exception {
        Path file = workspace.resolve("attention.vmodel");
        String spec = """
                model Attend {
                  input tokens(16, 8)
                  classes 10
                  qkv: linear(channels * 3)
                  split channels into q, k, v
                  qh = q -> rearrange("n (h d) -> h n d", h = 2)
                  kh = k -> rearrange("n (h d) -> h n d", h = 2)
                  vh = v -> rearrange("n (h d) -> h n d", h = 2)
                  scores = einsum("h n d, h m d -> h n m", qh, kh) -> softmax
                  mixed = einsum("h n m, h m d -> h n d", scores, vh)
                  const mask[16](i) = select(i < 8, 1, 0)
                  mixed -> rearrange("h n d -> n (h d)") -> pool(mean) -> linear(classes)
                }
                """;
        lsp.open(file, spec);
        lsp.awaitDiagnostics(file, d -> d.stream().noneMatch(x -> x.getSeverity() == DiagnosticSeverity.Error));
        List<String> names = labels(file, new Position(11, 2));
        assertTrue(
                names.containsAll(List.of("rearrange", "einsum", "weight", "take", "roll", "slice")), names.toString());
        String einsum = hover(file, new Position(8, 14));
        assertTrue(einsum.contains("tensor[2,16,4] tensor[2,16,4] → **tensor[2,16,16]**"), einsum);
        assertTrue(einsum.contains("attention 2,048"), einsum); // 2 heads x 16 x 16 x 4
        String table = hover(file, new Position(10, 10));
        assertTrue(table.contains("→ **vector[16]**"), table);
    }

    private static String hover(Path file, Position at) throws Exception {
        Hover hover = LspSession.get(lsp.server
                .getTextDocumentService()
                .hover(new HoverParams(new TextDocumentIdentifier(LspSession.uri(file)), at)));
        return hover.getContents().getRight().getValue();
    }
}
