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
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate goal on a project in a temporary folder, without a Maven process: fast where the ITs are slow. */
class GenerateMojoTest {
    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private GenerateMojo mojo() {
        GenerateMojo m = new GenerateMojo();
        m.sourceDirectory = dir.resolve("src/main/vmodel").toFile();
        m.includes = List.of("**/*.vmodel");
        m.excludes = List.of();
        m.outputDirectory = dir.resolve("target/generated-sources/vmodel").toFile();
        m.resourceOutputDirectory =
                dir.resolve("target/generated-resources/vmodel").toFile();
        m.packageName = "com.example.models";
        m.stateFile = dir.resolve("target/vmodel/generate-state.json").toFile();
        m.project = new MavenProject();
        m.setLog(log);
        return m;
    }

    private Path spec(String name, String text) throws IOException {
        Path p = dir.resolve("src/main/vmodel").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static String model(String name, int width) {
        return "model " + name + " {\n  input vector(" + width + ")\n  classes 2\n  linear(classes)\n}\n";
    }

    /** Each file validates alone; together they would make two classes of one name (b09-same-model-two-files). */
    @Test
    void specsTheGeneratorCannotTakeTogetherFailTheBuildWithALocatedLineAndNoStackTrace() throws IOException {
        Path a = spec("a.vmodel", model("Net", 4));
        Path b = spec("b.vmodel", model("Net", 8));
        GenerateMojo m = mojo();
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertEquals(
                "vmodel: 1 error in the specs:\n" + b.toAbsolutePath() + ":1:7: error: model 'Net' is also defined at "
                        + a.toAbsolutePath()
                        + ":1:7; specs generated together share one Java package, so their model and block"
                        + " names must differ [vmodel.duplicate-name]",
                e.getMessage());
        assertNull(e.getCause(), "a user's mistake, not an exception to print");
        assertEquals(List.of(), log.throwables);
        assertFalse(Files.exists(dir.resolve("target/generated-sources/vmodel/com")), "nothing may be written");
    }

    @Test
    void sourcesAndResourcesAreAddedToTheProjectOnce() throws Exception {
        spec("a.vmodel", model("Alpha", 4));
        GenerateMojo m = mojo();
        m.execute();
        m.execute();
        assertEquals(
                List.of(dir.resolve("target/generated-sources/vmodel")
                        .toAbsolutePath()
                        .toString()),
                m.project.getCompileSourceRoots().stream().distinct().toList());
        List<String> resources =
                m.project.getResources().stream().map(Resource::getDirectory).toList();
        assertEquals(
                List.of(dir.resolve("target/generated-resources/vmodel")
                        .toAbsolutePath()
                        .toString()),
                resources);
        assertTrue(Files.isRegularFile(dir.resolve("target/generated-sources/vmodel/com/example/models/Alpha.java")));
    }

    @Test
    void incrementalBuildsSayWhyAndRemoveWhatNoSpecProducesAnyMore() throws Exception {
        spec("alpha.vmodel", model("Alpha", 4));
        Path beta = spec("beta.vmodel", model("Beta", 4));
        mojo().execute();
        assertTrue(
                log.lines.contains("info: vmodel: no record of an earlier generation, generating everything"),
                log.lines.toString());
        assertTrue(log.lines.contains("info: vmodel: wrote com/example/models/Beta.java"), log.lines.toString());

        log.lines.clear();
        mojo().execute();
        assertEquals(List.of("info: vmodel: 2 specs unchanged since the last build, nothing to generate"), log.lines);

        log.lines.clear();
        Files.delete(beta);
        mojo().execute();
        assertTrue(log.lines.contains("info: vmodel: beta.vmodel was deleted"), log.lines.toString());
        assertTrue(
                log.lines.contains("info: vmodel: removed com/example/models/Beta.java (no spec produces it any more)"),
                log.lines.toString());
        assertFalse(Files.exists(dir.resolve("target/generated-sources/vmodel/com/example/models/Beta.java")));
    }

    @Test
    void aBadPackageFailsTheBuildNamingTheOption() {
        GenerateMojo m = mojo();
        m.packageName = "com.class.models";
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(
                e.getMessage().startsWith("vmodel: <packageName> 'com.class.models' is not a Java package name"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dvmodel.package"), e.getMessage());
    }
}
