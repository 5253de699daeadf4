package dev.vmodel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate goal's {@code <targets>}: the PyTorch twin next to (or instead of) the Java. */
class GenerateTargetsMojoTest {
    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private GenerateMojo mojo(String targets) throws IOException {
        Path spec = dir.resolve("src/main/vmodel/tiny-net.vmodel");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, "model Net {\n  input vector(4)\n  classes 2\n  linear(classes)\n}\n");
        GenerateMojo m = new GenerateMojo();
        m.sourceDirectory = dir.resolve("src/main/vmodel").toFile();
        m.includes = List.of("**/*.vmodel");
        m.excludes = List.of();
        m.outputDirectory = dir.resolve("target/generated-sources/vmodel").toFile();
        m.resourceOutputDirectory =
                dir.resolve("target/generated-resources/vmodel").toFile();
        m.pythonOutputDirectory =
                dir.resolve("target/generated-sources/vmodel-python").toFile();
        m.packageName = "com.example.models";
        m.targets = targets;
        m.stateFile = dir.resolve("target/vmodel/generate-state.json").toFile();
        m.project = new MavenProject();
        m.setLog(log);
        return m;
    }

    @Test
    void bothWritesTheJavaAndThePythonPackageAndCompilesOnlyTheJava() throws Exception {
        GenerateMojo m = mojo("java,pytorch");
        m.execute();
        assertTrue(Files.isRegularFile(dir.resolve("target/generated-sources/vmodel/com/example/models/Net.java")));
        Path python = dir.resolve("target/generated-sources/vmodel-python/com/example/models");
        assertTrue(Files.isRegularFile(python.resolve("tiny_net.py")));
        assertTrue(Files.isRegularFile(python.resolve("__init__.py")));
        assertEquals(
                List.of(dir.resolve("target/generated-sources/vmodel")
                        .toAbsolutePath()
                        .toString()),
                m.project.getCompileSourceRoots());
    }

    @Test
    void pytorchAloneAddsNoSourceRoot() throws Exception {
        GenerateMojo m = mojo("pytorch");
        m.execute();
        assertTrue(Files.isRegularFile(
                dir.resolve("target/generated-sources/vmodel-python/com/example/models/tiny_net.py")));
        assertFalse(Files.exists(dir.resolve("target/generated-sources/vmodel/com")));
        assertEquals(List.of(), m.project.getCompileSourceRoots());
    }

    @Test
    void anUnknownTargetFailsTheBuildWithOneLine() throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo("java,onnx")::execute);
        assertEquals(
                "vmodel: <targets> unknown target 'onnx': use java, pytorch or both (or java,pytorch)"
                        + " (-Dvmodel.targets=...)",
                e.getMessage());
        assertNull(e.getCause());
        assertFalse(Files.exists(dir.resolve("target/generated-sources")));
    }
}
