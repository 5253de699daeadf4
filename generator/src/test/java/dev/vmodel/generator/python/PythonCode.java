package dev.vmodel.generator.python;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.generator.GeneratedFile;
import dev.vmodel.generator.emit.python.PythonGenerator;
import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** Specs turned into the PyTorch twin through the pipeline, and a Debian Python to read it with. */
final class PythonCode {
    /** The zoo, as the generator module's tests see it. */
    static final Path ZOO = Path.of("../model-specs");

    final List<GeneratedFile> files;
    /** The root the package folders were written under. */
    final Path root;

    private PythonCode(List<GeneratedFile> files, Path root) {
        this.files = files;
        this.root = root;
    }

    /** Generates the pytorch target of {@code specs} into {@code dir}, package {@code pkg}; fails on any error. */
    static PythonCode generate(Path dir, String pkg, Path... specs) {
        VModelRun.Result result = VModelRun.builder()
                .specs(List.of(specs))
                .packageName(pkg)
                .sourceOutput(dir.resolve("java"))
                .pythonOutput(dir)
                .target(Target.PYTORCH)
                .build()
                .generate();
        assertTrue(
                !result.hasErrors(),
                () -> result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        return new PythonCode(result.files(), dir);
    }

    /** The generated files by file name, without the copied hand-written files. */
    Map<String, String> modules() {
        Map<String, String> m = new TreeMap<>();
        for (GeneratedFile f : files) {
            String name = Path.of(f.path()).getFileName().toString();
            if (!PythonGenerator.LIBRARY.contains(name)) m.put(name, f.content());
        }
        return m;
    }

    /** The Python the tests run: {@code $VMODEL_PYTHON}, else Debian's (the one with torch). */
    static String python() {
        String env = System.getenv("VMODEL_PYTHON");
        String python = env != null && !env.isBlank() ? env : "/usr/bin/python3";
        Assumptions.assumeTrue(Files.isExecutable(Path.of(python)), "no Python at " + python);
        return python;
    }

    /** Whether that Python has torch (python3-torch), for the tests that build the modules. */
    static boolean hasTorch() {
        try {
            return run(Path.of("."), "import torch").exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    record Result(int exit, String out) {}

    /** Runs {@code script} with the Python in {@code workDir}; stdout and stderr together. */
    static Result run(Path workDir, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python(), "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python did not finish: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
