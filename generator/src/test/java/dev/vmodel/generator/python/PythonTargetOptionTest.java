package dev.vmodel.generator.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.cli.VModelCli;
import dev.vmodel.generator.emit.python.PythonGenerator;
import dev.vmodel.generator.pipeline.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --target java|pytorch|both}: what each writes where, and one line for a bad value. */
class PythonTargetOptionTest {
    static final Path TWIN = PythonGoldenFileTest.GOLDEN.resolve("twin.vmodel");

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = VModelCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    static List<String> files(Path root) throws IOException {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !PythonGenerator.LIBRARY.contains(
                            Path.of(p).getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void targetWordsParseInAFixedOrder() {
        assertEquals(List.of(Target.JAVA), Target.parse("java"));
        assertEquals(List.of(Target.PYTORCH), Target.parse("pytorch"));
        assertEquals(List.of(Target.JAVA, Target.PYTORCH), Target.parse("both"));
        assertEquals(List.of(Target.JAVA, Target.PYTORCH), Target.parse("pytorch, java"));
        assertEquals(List.of(Target.JAVA, Target.PYTORCH), Target.parse("PyTorch,both"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Target.parse("java,tf"));
        assertEquals("unknown target 'tf': use java, pytorch or both (or java,pytorch)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Target.parse(""));
    }

    @Test
    void pytorchWritesOnlyThePythonPackage(@TempDir Path dir) throws IOException {
        Run r = cli("generate", TWIN.toString(), "-o", dir.toString(), "-p", "com.example", "--target", "pytorch");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(
                List.of("com/example/__init__.py", "com/example/shared_token_mlp.py", "com/example/twin.py"),
                files(dir));
    }

    @Test
    void javaIsTheDefaultAndWritesNoPython(@TempDir Path dir) throws IOException {
        Run r = cli("generate", TWIN.toString(), "-o", dir.toString(), "-p", "com.example");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> written = files(dir);
        assertTrue(written.contains("com/example/Twin.java"), written.toString());
        assertFalse(written.stream().anyMatch(p -> p.endsWith(".py")), written.toString());
    }

    @Test
    void bothWritesJavaAndPythonToTheirOwnRoots(@TempDir Path dir) throws IOException {
        Path java = dir.resolve("java");
        Path python = dir.resolve("python");
        Run r = cli(
                "generate",
                TWIN.toString(),
                "-o",
                java.toString(),
                "-p",
                "com.example",
                "--target",
                "both",
                "--python-out",
                python.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(files(java).contains("com/example/Twin.java"));
        assertFalse(
                files(java).stream().anyMatch(p -> p.endsWith(".py")),
                files(java).toString());
        assertEquals(
                List.of("com/example/__init__.py", "com/example/shared_token_mlp.py", "com/example/twin.py"),
                files(python));
    }

    @Test
    void anUnknownTargetIsOneLineAndWritesNothing(@TempDir Path dir) throws IOException {
        Run r = cli("generate", TWIN.toString(), "-o", dir.toString(), "--target", "tensorflow");
        assertEquals(VModelCli.USAGE, r.exit());
        assertEquals(
                "vmodel generate: unknown target 'tensorflow': use java, pytorch or both (or java,pytorch)",
                r.err().strip());
        assertEquals(List.of(), files(dir));
    }

    @Test
    void anIncrementalRunRegeneratesWhenTheTargetsChange(@TempDir Path dir) {
        Path state = dir.resolve("state.json");
        java.util.function.Function<Target, dev.vmodel.generator.pipeline.VModelRun.Result> run =
                t -> dev.vmodel.generator.pipeline.VModelRun.builder()
                        .specs(List.of(TWIN))
                        .packageName("com.example")
                        .sourceOutput(dir.resolve("java"))
                        .pythonOutput(dir.resolve("python"))
                        .stateFile(state)
                        .target(t)
                        .build()
                        .generate();
        assertFalse(run.apply(Target.JAVA).upToDate());
        assertTrue(run.apply(Target.JAVA).upToDate());
        dev.vmodel.generator.pipeline.VModelRun.Result python = run.apply(Target.PYTORCH);
        assertFalse(python.upToDate());
        assertTrue(
                python.reasons().contains("targets changed from java"),
                python.reasons().toString());
        assertTrue(Files.isRegularFile(dir.resolve("python/com/example/twin.py")));
        // The Java files no spec produces any more under these options are removed, as a deleted spec's are.
        assertFalse(Files.exists(dir.resolve("java/com/example/Twin.java")));
        assertTrue(run.apply(Target.PYTORCH).upToDate());
    }
}
