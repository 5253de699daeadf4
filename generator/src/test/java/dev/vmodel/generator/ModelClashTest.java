package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.infer.Analysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** b09: two files that both define model {@code Net} (or {@code Net} and {@code NET}) generated together. */
class ModelClashTest {

    private static Generator.Result generate(Path dir, String a, String b) throws IOException {
        List<Generator.Unit> units = new ArrayList<>();
        for (String[] f : new String[][] {{"a.vmodel", a}, {"b.vmodel", b}}) {
            Path spec = dir.resolve(f[0]);
            Files.writeString(spec, f[1]);
            LoadResult loaded = GeneratedCode.LOADER.load(spec);
            Analysis.Result result = Analysis.analyze(loaded.program());
            assertTrue(!result.hasErrors(), () -> result.diagnostics().toString());
            units.add(new Generator.Unit(loaded.program(), result.instances()));
        }
        return Generator.run(units, "dev.vmodel.models");
    }

    @Test
    void twoModelsWithOneNameAreAnErrorNotARename(@TempDir Path dir) throws IOException {
        Generator.Result r = generate(dir, "model Net {\n input vector(4)\n classes 2\n linear(classes)\n}\n",
                "model Net {\n input vector(8)\n classes 3\n linear(classes)\n}\n");
        assertEquals(List.of(), r.files());
        assertEquals(1, r.diagnostics().size());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("vmodel.duplicate-declaration", d.code());
        assertTrue(d.format().matches(".*b\\.vmodel:1:\\d+: error: model 'Net' clashes with model 'Net' at .*a\\.vmodel:1:\\d+: "
                + "models generated together share one package, so their names must differ \\[vmodel.duplicate-declaration\\]"),
                d.format());
    }

    @Test
    void namesThatDifferOnlyInCaseClashToo(@TempDir Path dir) throws IOException {
        Generator.Result r = generate(dir, "model Net {\n input vector(4)\n classes 2\n linear(classes)\n}\n",
                "model NET {\n input vector(8)\n classes 3\n linear(classes)\n}\n");
        assertTrue(r.hasErrors());
        assertTrue(r.diagnostics().get(0).message().endsWith("must differ in more than case"), r.diagnostics().toString());
    }

    /** A name too long for a class file's name on any file system: a located error, not "cannot write" from the writer. */
    @Test
    void aModelNameTooLongForAFileNameIsALocatedError(@TempDir Path dir) throws IOException {
        String name = "N" + "e".repeat(240);
        Generator.Result r = generate(dir, "model " + name + " {\n input vector(4)\n classes 2\n linear(classes)\n}\n",
                "model Other {\n input vector(8)\n classes 3\n linear(classes)\n}\n");
        assertEquals(List.of(), r.files());
        assertEquals(1, r.diagnostics().size());
        assertTrue(r.diagnostics().get(0).format().matches(".*a\\.vmodel:1:\\d+: error: model name is 241 bytes long; the class files"
                + " generated for it need a name of at most 200 bytes \\[vmodel.generation-failed\\]"), r.diagnostics().toString());
    }
}
