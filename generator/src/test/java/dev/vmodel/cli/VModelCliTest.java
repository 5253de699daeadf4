package dev.vmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: exit codes, one line per problem, never a stack trace. */
class VModelCliTest {
    static final Path ZOO = Path.of("../model-specs");
    static final Pattern PROBLEM_LINE =
            Pattern.compile("^[^:\\s][^:]*:\\d+:\\d+: (error|warning): .+ \\[vmodel\\.[a-z-]+\\]$");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        void assertNoStackTrace() {
            for (String s : new String[] {out, err}) {
                assertFalse(s.contains("\tat ") || s.contains("Exception in thread") || s.contains("Caused by:"), s);
            }
        }

        void assertEveryLineIsAProblem() {
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) assertTrue(PROBLEM_LINE.matcher(line).matches(), "not a problem line: " + line);
            }
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = VModelCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        Run r = new Run(exit, out.toString(), err.toString());
        r.assertNoStackTrace();
        return r;
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void validateOnTheZooPrintsNothingAndExitsZero() {
        Run r = run(
                "validate",
                ZOO.resolve("gmlp.vmodel").toString(),
                ZOO.resolve("mlp-mixer.vmodel").toString(),
                ZOO.resolve("cct.vmodel").toString(),
                ZOO.resolve("cvt.vmodel").toString(),
                ZOO.resolve("shared/mlp.vmodel").toString(),
                ZOO.resolve("shared/transformer.vmodel").toString());
        assertEquals("", r.out() + r.err());
        assertEquals(0, r.exit());
    }

    @Test
    void validateReportsEachProblemAtItsPosition() throws IOException {
        Path spec = file("bad.vmodel", """
                model M {
                  input image(3, 32, 32)
                  classes 10
                  conv(64, kernel = 3, stride = 3) -> tokens
                  attention(heads = 5) -> pool(mean) -> linear(classes)
                }
                """);
        Run r = run("validate", spec.toString());
        assertEquals(1, r.exit());
        r.assertEveryLineIsAProblem();
        assertTrue(r.out().startsWith(spec + ":4:3: error: "), r.out());
        assertTrue(r.out().contains("[vmodel.does-not-tile]"), r.out());
    }

    @Test
    void warningsAloneExitZero() throws IOException {
        Path spec = file(
                "warn.vmodel", "model M {\n  param unused = 1\n  input vector(4)\n  classes 2\n  linear(classes)\n}\n");
        Run r = run("validate", spec.toString());
        assertEquals(0, r.exit());
        assertEquals(spec + ":2:9: warning: param 'unused' is never used [vmodel.unused-param]\n", r.out());
    }

    @Test
    void badInputsGiveErrorLinesNotStackTraces() throws IOException {
        Map<String, byte[]> inputs = new HashMap<>();
        inputs.put("empty.vmodel", new byte[0]);
        inputs.put("binary.vmodel", new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, (byte) 0xff, (byte) 0xfe, 0});
        inputs.put(
                "random.vmodel",
                "Lorem ipsum dolor sit amet, consectetur }{ adipiscing ;; elit".getBytes(StandardCharsets.UTF_8));
        inputs.put(
                "deep.vmodel",
                ("model M {\n  input vector(4)\n  classes 2\n  linear(" + "(".repeat(10_000) + "2" + ")".repeat(10_000)
                                + ")\n}\n")
                        .getBytes(StandardCharsets.UTF_8));
        inputs.put(
                "deepblocks.vmodel",
                ("block B {\n" + "residual {\n".repeat(10_000) + "gelu\n" + "}\n".repeat(10_000) + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
        inputs.put(
                "huge.vmodel",
                "model M {\n  input vector(4)\n  classes 99999999999999999999999999\n  linear(classes)\n}\n"
                        .getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.write(p, e.getValue());
            Run r = run("validate", p.toString());
            assertEquals(1, r.exit(), e.getKey() + ": " + r.out() + r.err());
            assertFalse(r.out().isEmpty(), e.getKey());
            r.assertEveryLineIsAProblem();
            assertTrue(r.out().startsWith(p.toString() + ":"), e.getKey() + ": " + r.out());
        }
    }

    @Test
    void missingFileIsAnErrorLine() {
        Path missing = dir.resolve("missing.vmodel");
        Run r = run("validate", missing.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith(missing + ":1:1: error: "), r.out());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run().exit());
        assertEquals(2, run("validate").exit());
        assertEquals(2, run("frobnicate").exit());
        assertEquals(
                2,
                run("summary", ZOO.resolve("gmlp.vmodel").toString(), "--colour")
                        .exit());
        Run noSuchVariant = run("summary", ZOO.resolve("gmlp.vmodel").toString(), "--variant", "huge");
        assertEquals(2, noSuchVariant.exit());
        assertTrue(noSuchVariant.err().contains("ti16"), noSuchVariant.err());
    }

    @Test
    void summaryJsonGivesThePublishedCounts() {
        Map<String, Long> expected = dev.vmodel.generator.PublishedCounts.byModelAndVariant();
        Run r = run(
                "summary",
                "--json",
                ZOO.resolve("gmlp.vmodel").toString(),
                ZOO.resolve("mlp-mixer.vmodel").toString(),
                ZOO.resolve("cct.vmodel").toString(),
                ZOO.resolve("cvt.vmodel").toString());
        assertEquals(0, r.exit(), r.err());
        JsonArray all = JsonParser.parseString(r.out()).getAsJsonArray();
        assertEquals(23, all.size());
        Map<String, Long> counts = new HashMap<>();
        for (JsonElement e : all) {
            JsonObject o = e.getAsJsonObject();
            counts.put(
                    o.get("model").getAsString() + "/" + o.get("variant").getAsString(),
                    o.get("params").getAsLong());
            assertTrue(o.get("macs").getAsLong() > 0);
            assertTrue(o.has("attentionMacs"));
            long layerParams = 0;
            for (JsonElement l : o.getAsJsonArray("layers"))
                layerParams += l.getAsJsonObject().get("params").getAsLong();
            assertEquals(o.get("params").getAsLong(), layerParams, "layers add up to the total");
        }
        assertEquals(11, expected.size());
        expected.forEach((k, v) -> assertEquals(v, counts.get(k), k));
    }

    @Test
    void summaryTableForOneVariant() {
        Run r = run("summary", ZOO.resolve("gmlp.vmodel").toString(), "--variant", "ti16");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("GMlp / ti16"), r.out());
        assertTrue(r.out().contains("SpatialGatingUnit"), r.out());
        assertTrue(r.out().contains("5,867,328"), r.out());
        assertTrue(r.out().contains("[1..29] like [0]"), r.out());
    }

    @Test
    void generateWritesEveryClassOnceThenNothing() throws IOException {
        Path out = dir.resolve("generated");
        Run first = run(
                "generate",
                ZOO.resolve("gmlp.vmodel").toString(),
                ZOO.resolve("cct.vmodel").toString(),
                "-o",
                out.toString());
        assertEquals(0, first.exit(), first.out() + first.err());
        Path gmlp = out.resolve("dev/vmodel/models/GMlp.java");
        assertTrue(Files.isRegularFile(gmlp), first.out());
        assertTrue(Files.isRegularFile(out.resolve("dev/vmodel/models/TransformerEncoder.java")), first.out());
        assertTrue(first.out().contains("wrote " + gmlp), first.out());
        long before = Files.getLastModifiedTime(gmlp).toMillis();
        Run second = run(
                "generate",
                ZOO.resolve("gmlp.vmodel").toString(),
                ZOO.resolve("cct.vmodel").toString(),
                "-o",
                out.toString());
        assertEquals(0, second.exit());
        assertTrue(second.out().startsWith("up to date: "), second.out());
        assertEquals(before, Files.getLastModifiedTime(gmlp).toMillis());
        try (var files = Files.walk(out)) {
            assertTrue(
                    files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left behind");
        }
    }

    @Test
    void generateWritesNothingForASpecWithErrors() throws IOException {
        Path bad = file("bad.vmodel", "model M {\n  input vector(4)\n  classes 2\n  linear(0) -> linear(classes)\n}\n");
        Path out = dir.resolve("generated");
        Run r = run("generate", ZOO.resolve("gmlp.vmodel").toString(), bad.toString(), "-o", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith(bad + ":4:10: error: "), r.out());
        assertFalse(Files.exists(out), "nothing may be written when a spec has errors");
    }

    @Test
    void generateRejectsBadOptions() throws IOException {
        Path spec = ZOO.resolve("cvt.vmodel");
        assertEquals(2, run("generate", spec.toString()).exit(), "-o is required");
        assertEquals(
                2,
                run("generate", spec.toString(), "-o", dir.toString(), "--package", "not a.package")
                        .exit());
        assertEquals(
                2,
                run("generate", spec.toString(), "-o", dir.toString(), "--package", "dev.class.models")
                        .exit());
        Path aFile = file("plain.txt", "x");
        Run r = run("generate", spec.toString(), "-o", aFile.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a directory"), r.err());
    }

    /** Fuzz reproducer b09-same-model-two-files: the second model used to become Net2 without a word. */
    @Test
    void twoFilesDefiningOneModelNameFailValidateAndGenerateAtTheSecond() throws IOException {
        Path a = file("a.vmodel", "model Net {\n  input vector(4)\n  classes 2\n  linear(classes)\n}\n");
        Path b = file("b.vmodel", "model Net {\n  input vector(8)\n  classes 3\n  linear(classes)\n}\n");
        String expected =
                b + ":1:7: error: model 'Net' is also defined at " + a + ":1:7; specs generated together share one"
                        + " Java package, so their model and block names must differ [vmodel.duplicate-name]\n";
        Run validate = run("validate", a.toString(), b.toString());
        assertEquals(1, validate.exit());
        assertEquals(expected, validate.out());
        Path out = dir.resolve("generated");
        Run generate = run("generate", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(1, generate.exit());
        assertEquals(expected, generate.out());
        assertFalse(Files.exists(out), "nothing may be written");
    }

    /**
     * Fuzz reproducer b15-class-name-too-long: generate used to fail with "cannot write" and a
     * temporary file's path. Now either the names fit, or a located error says which name is too long.
     */
    @Test
    void aClassNameTooLongForTheFileSystemIsALocatedErrorOfValidateAndGenerate() throws IOException {
        Path spec = file(
                "deep.vmodel",
                "model M {\n  input vector(4)\n  classes 2\n  " + "repeat 1 { ".repeat(50) + "linear(4) -> relu"
                        + " }".repeat(50) + "\n  linear(classes)\n}\n");
        Path out = dir.resolve("generated");
        Run validate = run("validate", spec.toString());
        Run generate = run("generate", spec.toString(), "-o", out.toString());
        assertFalse(
                generate.out().contains(".tmp") || generate.err().contains(".tmp"), generate.out() + generate.err());
        assertEquals(validate.exit(), generate.exit(), "generate fails exactly when validate does");
        if (generate.exit() == 1) {
            validate.assertEveryLineIsAProblem();
            assertTrue(
                    validate.out().startsWith(spec + ":1:7: error: the generated file ")
                            && validate.out().contains(" bytes; file systems allow 255")
                            && validate.out().endsWith("[vmodel.name-too-long]\n"),
                    validate.out());
            assertEquals(validate.out(), generate.out());
            assertFalse(Files.exists(out), "nothing may be written");
        } else {
            assertEquals(0, generate.exit(), generate.out() + generate.err());
            try (var files = Files.walk(out)) {
                assertTrue(files.allMatch(p -> p.getFileName().toString().length() <= 255));
            }
        }
    }

    @Test
    void generateWritesResourcesUnderTheirOwnRootAndSaysWhere() throws IOException {
        Path out = dir.resolve("src");
        Path resources = dir.resolve("res");
        Run r = run(
                "generate",
                ZOO.resolve("cvt.vmodel").toString(),
                "-o",
                out.toString(),
                "--resources",
                resources.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Path registration = resources.resolve("META-INF/services/dev.vmodel.runtime.model.ModelFamily");
        assertTrue(Files.isRegularFile(registration), "no " + registration);
        assertTrue(r.out().contains("wrote " + registration + "\n"), r.out());
        assertFalse(Files.exists(out.resolve("META-INF")));
        Run again = run(
                "generate",
                ZOO.resolve("cvt.vmodel").toString(),
                "-o",
                out.toString(),
                "--resources",
                resources.toString());
        assertTrue(again.out().startsWith("up to date: "), again.out());
        assertTrue(again.out().contains(" in " + out + " and " + resources), again.out());
    }

    /** Every file is created as any new file is (the umask decides), not 0600 as Files.createTempFile makes them. */
    @Test
    void generatedFilesGetTheUmasksPermissions() throws IOException {
        Path out = dir.resolve("generated");
        assertEquals(
                0,
                run("generate", ZOO.resolve("cvt.vmodel").toString(), "-o", out.toString())
                        .exit());
        Path reference = Files.createFile(dir.resolve("reference"));
        try (var files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(p), p.toString());
            }
        }
    }
}
