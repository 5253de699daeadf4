package dev.vmodel.dsl.load;

import static dev.vmodel.dsl.TestFiles.codes;
import static dev.vmodel.dsl.TestFiles.describe;
import static dev.vmodel.dsl.TestFiles.load;
import static dev.vmodel.dsl.TestFiles.relative;
import static dev.vmodel.dsl.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.SpecFile;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

    @TempDir
    Path dir;

    private static Diagnostic only(LoadResult r, String code) {
        assertEquals(List.of(code), codes(r), describe(r));
        assertTrue(r.hasErrors());
        return r.diagnostics().get(0);
    }

    private static void at(Diagnostic d, Path file, int line, int column) {
        assertEquals(file.toString(), d.location().file(), d.format());
        assertEquals(
                line + ":" + column, d.location().line() + ":" + d.location().column(), d.format());
    }

    // ------------------------------------------------------------------------------------------
    // Reading the root

    @Test
    void missingFile() {
        Path file = relative(dir.resolve("nope.vmodel"));
        LoadResult r = load(file);
        assertNull(r.program());
        Diagnostic d = only(r, IssueCodes.FILE_NOT_FOUND);
        at(d, file, 1, 1);
        assertEquals("cannot read " + file + ": no such file", d.message());
        assertEquals(file + ":1:1: error: cannot read " + file + ": no such file [vmodel.file-not-found]", d.format());
    }

    @Test
    void missingFolder() {
        Path file = dir.resolve("no/such/folder/x.vmodel");
        Diagnostic d = only(load(file), IssueCodes.FILE_NOT_FOUND);
        assertTrue(d.message().endsWith("no such file"), d.message());
    }

    @Test
    void directory() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("specs.vmodel"));
        LoadResult r = load(sub);
        assertNull(r.program());
        Diagnostic d = only(r, IssueCodes.FILE_NOT_FOUND);
        at(d, sub, 1, 1);
        assertTrue(d.message().contains("directory"), d.message());
    }

    @Test
    void binaryBytes() throws Exception {
        Path file = dir.resolve("model.bin");
        Files.write(file, new byte[] {'m', 'o', 'd', 'e', 'l', 0, 1, 2, (byte) 0x89, 'P', 'N', 'G'});
        LoadResult r = load(file);
        assertNull(r.program());
        Diagnostic d = only(r, IssueCodes.NOT_TEXT);
        at(d, file, 1, 1);
        assertTrue(d.message().startsWith("not a text file: " + file), d.message());
    }

    @Test
    void nulBytesInValidUtf8() throws Exception {
        Path file = dir.resolve("nul.vmodel");
        Files.write(file, "model M { }\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        only(load(file), IssueCodes.NOT_TEXT);
    }

    @Test
    void invalidUtf8() throws Exception {
        Path file = dir.resolve("latin1.vmodel");
        Files.write(file, "model Caf\u00e9 { }".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Diagnostic d = only(load(file), IssueCodes.NOT_TEXT);
        assertTrue(d.message().contains("UTF-8"), d.message());
    }

    @Test
    void utf8WithByteOrderMarkAndNonAsciiText() throws Exception {
        Path file = dir.resolve("bom.vmodel");
        Files.writeString(file, "\uFEFF/** Café — ü */\nmodel M { }");
        LoadResult r = load(file);
        assertTrue(r.diagnostics().isEmpty(), describe(r));
        assertEquals("Café — ü", r.program().root().models().get(0).doc());
        assertEquals(2, r.program().root().models().get(0).source().line());
    }

    @Test
    void emptyFile() {
        Path file = write(dir, "empty.vmodel", "");
        LoadResult r = load(file);
        Diagnostic d = only(r, IssueCodes.EMPTY_FILE);
        at(d, file, 1, 1);
        assertEquals("no model or block in this file", d.message());
        assertNotNull(r.program());
        assertTrue(r.program().root().models().isEmpty());
    }

    @Test
    void commentOnlyFile() {
        Path file = write(dir, "comments.vmodel", "// nothing here\n/** nor here */\n  \n");
        at(only(load(file), IssueCodes.EMPTY_FILE), file, 1, 1);
    }

    @Test
    void importOnlyFile() {
        write(dir, "blocks.vmodel", "block B { gelu }");
        Path file = write(dir, "imports.vmodel", "import \"blocks.vmodel\"\n");
        LoadResult r = load(file);
        at(only(r, IssueCodes.EMPTY_FILE), file, 1, 1);
        assertEquals(1, r.program().imported().size());
    }

    // ------------------------------------------------------------------------------------------
    // Syntax errors

    @Test
    void syntaxErrorHasLineAndColumn() {
        Path file = relative(write(dir, "bad.vmodel", "model M {\n  conv(dim, ) -> gelu\n}\n"));
        LoadResult r = load(file);
        Diagnostic d = only(r, IssueCodes.SYNTAX);
        at(d, file, 2, 13);
        assertEquals("unexpected ')'", d.message());
        assertEquals(22, d.location().offset());
        assertEquals(1, d.location().length());
        // what parsed is still lowered
        assertEquals("M", r.program().root().models().get(0).name());
        Stage.Call conv = (Stage.Call)
                ((Stmt.Flow) r.program().root().models().get(0).body().get(0))
                        .stages()
                        .get(0);
        assertEquals("conv", conv.name());
    }

    @Test
    void syntaxErrorMessagesAreReadable() {
        assertEquals(
                "unexpected end of file, expected '}'",
                only(load(write(dir, "a.vmodel", "model M {\n  gelu\n")), IssueCodes.SYNTAX)
                        .message());
        assertEquals(
                "unterminated string",
                only(load(write(dir, "b.vmodel", "model M { train { dataset = \"x } }")), IssueCodes.SYNTAX)
                        .message());
        assertEquals(
                "unterminated comment",
                only(load(write(dir, "c.vmodel", "model M { } /* ")), IssueCodes.SYNTAX)
                        .message());
        assertEquals(
                "unexpected '#', expected end of file",
                only(load(write(dir, "d.vmodel", "model M { }\n#")), IssueCodes.SYNTAX)
                        .message());
        assertEquals(
                "invalid escape sequence '\\q' in string",
                only(load(write(dir, "e.vmodel", "model M { train { d = \"\\q\" } }")), IssueCodes.SYNTAX)
                        .message());
    }

    @Test
    void atMostFiftySyntaxErrorsPerFile() {
        Path file = write(dir, "many.vmodel", "model M {\n" + "  a = = b\n".repeat(80) + "}\n");
        LoadResult r = load(file);
        assertEquals(51, r.diagnostics().size(), describe(r));
        assertTrue(r.diagnostics().stream().allMatch(d -> d.code().equals(IssueCodes.SYNTAX)));
        assertEquals("...30 more syntax errors", r.diagnostics().get(50).message());
        assertEquals(52, r.diagnostics().get(50).location().line());
    }

    // ------------------------------------------------------------------------------------------
    // Imports

    @Test
    void importNotFound() {
        Path file =
                relative(write(dir, "specs/a.vmodel", "// header\nimport \"../lib/missing.vmodel\"\nmodel M { }\n"));
        LoadResult r = load(file);
        Diagnostic d = only(r, IssueCodes.IMPORT_NOT_FOUND);
        at(d, file, 2, 1);
        String target =
                file.getParent().resolve("../lib/missing.vmodel").normalize().toString();
        assertEquals("cannot import \"../lib/missing.vmodel\": " + target + ": no such file", d.message());
        assertEquals("import \"../lib/missing.vmodel\"".length(), d.location().length());
        assertEquals(target, r.program().root().imports().get(0).path());
        assertTrue(r.program().imported().isEmpty());
    }

    /** A missing file next to the spec: its name once, not again as a resolved path (fuzz: 400+ character lines). */
    @Test
    void importNotFoundNextToTheSpecNamesItOnce() {
        Path file = relative(write(dir, "specs/a.vmodel", "import \"missing.vmodel\"\nmodel M { }\n"));
        Diagnostic d = only(load(file), IssueCodes.IMPORT_NOT_FOUND);
        assertEquals("cannot import \"missing.vmodel\": no such file", d.message());
    }

    @Test
    void importOfADirectory() throws Exception {
        Files.createDirectory(dir.resolve("lib"));
        Path file = write(dir, "a.vmodel", "import \"lib\"\nmodel M { }");
        Diagnostic d = only(load(file), IssueCodes.IMPORT_NOT_FOUND);
        assertTrue(d.message().contains("directory"), d.message());
    }

    @Test
    void importCycleOfTwo() {
        Path a = relative(write(dir, "a.vmodel", "import \"b.vmodel\"\nmodel M { }"));
        Path b = a.resolveSibling("b.vmodel");
        write(dir, "b.vmodel", "import \"a.vmodel\"\nblock B { gelu }");
        LoadResult r = load(a);
        Diagnostic d = only(r, IssueCodes.IMPORT_CYCLE);
        // at the import where the cycle starts, so the message reads from there
        at(d, a, 1, 1);
        assertEquals("import cycle: " + a + " -> " + b + " -> " + a, d.message());
        assertEquals(
                List.of(b.toString()),
                r.program().imported().stream().map(SpecFile::path).toList());
    }

    @Test
    void importCycleBelowTheRoot() {
        Path a = relative(write(dir, "a.vmodel", "import \"b.vmodel\"\nmodel M { }"));
        write(dir, "b.vmodel", "import \"c.vmodel\"\nblock B { gelu }");
        write(dir, "c.vmodel", "// c\nimport \"b.vmodel\"\nblock C { gelu }");
        LoadResult r = load(a);
        Diagnostic d = only(r, IssueCodes.IMPORT_CYCLE);
        Path b = a.resolveSibling("b.vmodel");
        Path c = a.resolveSibling("c.vmodel");
        at(d, b, 1, 1);
        assertEquals("import cycle: " + b + " -> " + c + " -> " + b, d.message());
        assertEquals(
                List.of(b.toString(), c.toString()),
                r.program().imported().stream().map(SpecFile::path).toList());
    }

    @Test
    void selfImport() {
        Path a = relative(write(dir, "a.vmodel", "import \"./a.vmodel\"\nmodel M { }"));
        Diagnostic d = only(load(a), IssueCodes.IMPORT_CYCLE);
        at(d, a, 1, 1);
        assertEquals("import cycle: " + a + " -> " + a, d.message());
    }

    @Test
    void diamondImportsAreLoadedOnceAndTheirErrorsReportedOnce() {
        Path a = relative(write(dir, "a.vmodel", "import \"left/b.vmodel\"\nimport \"c.vmodel\"\nmodel M { }"));
        write(dir, "left/b.vmodel", "import \"../d.vmodel\"\nblock B { gelu }");
        write(dir, "c.vmodel", "import \"d.vmodel\"\nblock C { gelu }");
        write(dir, "d.vmodel", "block D { gelu ) }");
        LoadResult r = load(a);
        Path d = a.resolveSibling("d.vmodel");
        Diagnostic syntax = only(r, IssueCodes.SYNTAX);
        at(syntax, d, 1, 16);
        List<String> loaded =
                r.program().imported().stream().map(SpecFile::path).toList();
        assertEquals(
                List.of(
                        a.resolveSibling("left/b.vmodel").toString(),
                        d.toString(),
                        a.resolveSibling("c.vmodel").toString()),
                loaded);
        assertEquals(
                List.of("M"),
                r.program().root().models().stream().map(m -> m.name()).toList());
        assertEquals(List.of("B", "D", "C"), List.copyOf(r.program().blocks().keySet()));
        assertEquals(d.toString(), r.program().blocks().get("D").source().file());
    }

    @Test
    void unreadableImportIsReportedInItsOwnFile() throws Exception {
        Path a = write(dir, "a.vmodel", "import \"b.vmodel\"\nmodel M { }");
        Path b = dir.resolve("b.vmodel");
        Files.write(b, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        Diagnostic d = only(load(a), IssueCodes.NOT_TEXT);
        at(d, b, 1, 1);
    }

    // ------------------------------------------------------------------------------------------
    // Limits

    @Test
    void tenThousandNestedParentheses() {
        int n = 10_000;
        Path file =
                write(dir, "parens.vmodel", "model M {\n  param p = " + "(".repeat(n) + "1" + ")".repeat(n) + "\n}\n");
        LoadResult r = load(file);
        Diagnostic d = only(r, IssueCodes.NESTING_TOO_DEEP);
        assertEquals("nesting deeper than 200 levels; flatten the spec with blocks", d.message());
        // the model's brace is level 1, so the 200th parenthesis is the first past the limit
        at(d, file, 2, 13 + 199);
        assertNotNull(r.program());
    }

    @Test
    void tenThousandNestedResiduals() {
        int n = 10_000;
        Path file = write(
                dir, "residual.vmodel", "model M {\n" + "residual {\n".repeat(n) + "gelu\n" + "}\n".repeat(n) + "}\n");
        LoadResult r = load(file);
        Diagnostic d = only(r, IssueCodes.NESTING_TOO_DEEP);
        at(d, file, 201, 10);
        // lowered down to the limit, not below
        int depth = 0;
        List<Stmt> body = r.program().root().models().get(0).body();
        while (!body.isEmpty()) {
            depth++;
            body = ((Stage.Residual) ((Stmt.Flow) body.get(0)).stages().get(0)).body();
        }
        assertEquals(200, depth);
    }

    @Test
    void tenThousandChainedOperatorsAndNegations() {
        int n = 10_000;
        LoadResult r = load(write(
                dir,
                "ops.vmodel",
                "model M {\n  param p = 1" + " + 1".repeat(n) + "\n  param q = " + "-".repeat(n) + "1\n  param r = "
                        + "f(".repeat(n) + "1" + ")".repeat(n) + "\n}\n"));
        Diagnostic d = only(r, IssueCodes.NESTING_TOO_DEEP);
        assertEquals(2, d.location().line());
        assertNotNull(r.program());
    }

    @Test
    void numberTooLargeForALongStaysText() {
        LoadResult r = load(write(dir, "big.vmodel", "model M { classes 123456789012345678901234567890 }"));
        assertTrue(r.diagnostics().isEmpty(), describe(r));
        assertEquals(
                "123456789012345678901234567890",
                ((Expr.Number) r.program().root().models().get(0).classes()).text());
    }

    @Test
    void concurrentLoads() throws Exception {
        write(dir, "blocks.vmodel", "block B { gelu }");
        Path a = write(dir, "a.vmodel", "import \"blocks.vmodel\"\nmodel M { B }");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<LoadResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++)
                futures.add(pool.submit(() -> SpecLoader.create().load(a)));
            for (Future<LoadResult> f : futures) {
                LoadResult r = f.get();
                assertTrue(r.diagnostics().isEmpty(), describe(r));
                assertEquals(1, r.program().imported().size());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void locationsUseThePathAsGiven() {
        write(dir, "specs/lib/blocks.vmodel", "block B { gelu }");
        Path file = relative(write(dir, "specs/model.vmodel", "import \"lib/blocks.vmodel\"\nmodel M { B }"));
        LoadResult r = load(file);
        assertTrue(r.diagnostics().isEmpty(), describe(r));
        assertTrue(!file.isAbsolute());
        SourceLocation m = r.program().root().models().get(0).source();
        assertEquals(file.toString(), m.file());
        assertEquals(
                file.getParent().resolve("lib/blocks.vmodel").normalize().toString(),
                r.program().imported().get(0).blocks().get(0).source().file());
    }
}
