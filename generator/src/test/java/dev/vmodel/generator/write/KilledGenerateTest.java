package dev.vmodel.generator.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.generator.Generator;
import dev.vmodel.generator.pipeline.VModelRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmodel generate} killed with SIGKILL at random moments, in a real child JVM, while it
 * replaces one version of many generated files by another: every output file must be whole, with
 * either its old or its new content, and the next complete run must leave no temporary file.
 * Most kills hit a child that runs the writer in a loop (a JVM starts in a fraction of a second,
 * and every kill lands in a write); the others hit the command line itself.
 * (The writer before this one left {@code .Name.java…tmp} files that later runs kept.)
 */
class KilledGenerateTest {
    static final int SPECS = 40;
    static final int WRITER_KILLS = 16;
    static final int CLI_KILLS = 4;

    @TempDir
    Path dir;

    /** Version {@code v} of spec {@code i}: every version gives every file a different content. */
    private static String spec(int i, int v) {
        return "/** Spec " + i + ", version " + v + ". */\nmodel Net" + i + " {\n  input tokens(" + (8 + v) + ", "
                + (16 + i)
                + ")\n  classes " + (2 + v) + "\n  param dim = " + (32 + v) + "\n  variant small(dim = " + (16 + v)
                + ")\n"
                + "  linear(dim) -> gelu -> residual { layerNorm -> linear(dim) } -> layerNorm -> pool(mean) -> linear(classes)\n"
                // The training harness holds only the recipe: it too differs between versions.
                + "  train { epochs = " + (10 + v) + " }\n}\n";
    }

    private List<Path> writeSpecs(Path folder, int version) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < SPECS; i++) {
            Path f = folder.resolve("net" + i + ".vmodel");
            Files.writeString(f, spec(i, version));
            files.add(f);
        }
        return files;
    }

    /** What a complete run of each version writes, path relative to the output root to content. */
    private Map<String, String> expected(int version) throws IOException {
        Path out = dir.resolve("expected" + version);
        VModelRun.Result r = VModelRun.builder()
                .specs(writeSpecs(dir.resolve("specs" + version), version))
                .sourceOutput(out)
                .build()
                .generate();
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        return contents(out);
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList())
                m.put(root.relativize(p).toString(), Files.readString(p));
        }
        return m;
    }

    /** Starts a child JVM on the test class path; its output goes to {@code child.log}, or to the parent when asked. */
    private Process child(List<String> mainAndArgs, boolean pipe) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1"));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (!pipe) pb.redirectOutput(dir.resolve("child.log").toFile());
        return pb.start();
    }

    private Process generate(List<Path> specs, Path out) throws IOException {
        List<String> args = new ArrayList<>(List.of("dev.vmodel.cli.VModelCli", "generate", "-o", out.toString()));
        for (Path p : specs) args.add(p.toString());
        return child(args, false);
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Unix
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    /** Counts of what the kills left, to show they hit the writes. */
    private int withTemps;

    private int mixed;

    /** Every file present, each with one of its two contents; temporary files allowed until the next run. */
    private void assertWhole(Path out, Map<String, String> older, Map<String, String> newer, String when)
            throws IOException {
        int old = 0;
        int fresh = 0;
        boolean temps = false;
        Map<String, String> found = contents(out);
        for (Map.Entry<String, String> e : found.entrySet()) {
            if (e.getKey().endsWith(OutputWriter.TEMP_SUFFIX)) {
                temps = true;
                continue;
            }
            assertTrue(
                    e.getValue().equals(older.get(e.getKey())) || e.getValue().equals(newer.get(e.getKey())),
                    when + ": " + e.getKey() + " is neither its old nor its new content");
            if (e.getValue().equals(newer.get(e.getKey()))) fresh++;
            else old++;
        }
        found.keySet().removeIf(k -> k.endsWith(OutputWriter.TEMP_SUFFIX));
        assertEquals(older.keySet(), found.keySet(), when + ": a file is missing or extra");
        if (temps) withTemps++;
        if (old > 0 && fresh > 0) mixed++;
    }

    @Test
    void everyFileIsOldOrNewAfterAKillAndNoTemporaryFileSurvivesTheNextRun() throws Exception {
        Map<String, String> v0 = expected(0);
        Map<String, String> v1 = expected(1);
        assertEquals(v0.keySet(), v1.keySet());
        assertTrue(v0.size() >= SPECS, "one file per model at least: " + v0.keySet());
        // Every class must change between the versions, so that "old" and "new" tell apart; the
        // service registration names the same classes in both and is whole either way.
        for (String f : v0.keySet()) {
            if (!f.equals(Generator.FAMILY_SERVICES))
                assertTrue(!v0.get(f).equals(v1.get(f)), f + " must differ between the versions");
        }
        Random random = new Random(7);
        Path out = dir.resolve("out");

        // 1. The writer of a generate run, replacing 40 files in a loop, killed while it writes.
        List<OutputWriter.Output> start0 = new ArrayList<>();
        for (Map.Entry<String, String> e : v0.entrySet())
            start0.add(new OutputWriter.Output(out.resolve(e.getKey()), e.getValue()));
        OutputWriter.write(start0, List.of());
        for (int kill = 1; kill <= WRITER_KILLS; kill++) {
            Process p = child(
                    List.of(
                            WriteLoop.class.getName(),
                            out.toString(),
                            dir.resolve("expected0").toString(),
                            dir.resolve("expected1").toString()),
                    true);
            BufferedReader said = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("writing", said.readLine());
            long delay = random.nextInt(150);
            p.waitFor(delay, TimeUnit.MILLISECONDS);
            kill(p);
            assertWhole(out, v0, v1, "writer kill " + kill + " after " + delay + " ms");
        }

        // 2. The command line, as a user runs it, switching the specs between two versions.
        Path specs = dir.resolve("specs");
        List<Path> files = writeSpecs(specs, 0);
        long start = System.nanoTime();
        Process first = generate(files, out);
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(dir.resolve("child.log")));
        long fullRunMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(v0, contents(out), "a complete run leaves no temporary file");
        int version = 0;
        for (int kill = 1; kill <= CLI_KILLS; kill++) {
            version = 1 - version;
            writeSpecs(specs, version);
            Process p = generate(files, out);
            // Most of a run is starting the JVM and the language; aim at its end, where it writes.
            long delay = (long) (fullRunMillis * (0.6 + 0.45 * random.nextDouble()));
            p.waitFor(delay, TimeUnit.MILLISECONDS);
            kill(p);
            assertWhole(
                    out,
                    version == 1 ? v0 : v1,
                    version == 1 ? v1 : v0,
                    "generate kill " + kill + " after " + delay + " ms");
        }
        Process last = generate(files, out);
        assertTrue(last.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), Files.readString(dir.resolve("child.log")));
        assertEquals(version == 1 ? v1 : v0, contents(out), "every file new, and no temporary file left");
        System.out.printf(
                "KilledGenerateTest: %d kills over %d files (a full generate %d ms): %d left temporary files,"
                        + " %d a mix of old and new files%n",
                WRITER_KILLS + CLI_KILLS, v0.size(), fullRunMillis, withTemps, mixed);
    }
}
