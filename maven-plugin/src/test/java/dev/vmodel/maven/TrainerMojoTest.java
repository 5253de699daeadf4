package dev.vmodel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.infer.TrainSettings;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train and evaluate goals up to the fork: their parameters and the build's properties turned
 * into the trainer's command line, and the trainer's exit status into the build's result.
 */
class TrainerMojoTest {
    @TempDir
    Path dir;

    /** This plugin's real descriptor, as the build generated it (process-classes runs before the tests). */
    private static PluginDescriptor pluginDescriptor() throws Exception {
        try (Reader r = Files.newBufferedReader(Path.of("target/classes/META-INF/maven/plugin.xml"))) {
            return new PluginDescriptorBuilder().build(r);
        }
    }

    private static MavenSession session(Map<String, String> userProperties) {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        Properties user = new Properties();
        user.putAll(userProperties);
        request.setUserProperties(user);
        Properties system = new Properties();
        system.put("java.version", "17");
        request.setSystemProperties(system);
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        return session;
    }

    private <T extends AbstractTrainerMojo> T configure(T mojo, Map<String, String> properties) throws Exception {
        mojo.model = "TinyDigits";
        mojo.output = dir.resolve("target/vmodel/train").toFile();
        mojo.progress = true;
        mojo.session = session(properties);
        mojo.mojoExecution = new MojoExecution(pluginDescriptor().getMojo("train"));
        return mojo;
    }

    @Test
    void everyOptionReachesTheTrainersCommandLine() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        TrainMojo m = configure(
                new TrainMojo(),
                Map.of(
                        "vmodel.epochs", "3",
                        "vmodel.lr", "1e-3",
                        "vmodel.param.dim", "12",
                        "vmodel.model", "TinyDigits",
                        "vmodel.package", "com.example.models"));
        m.variant = "small";
        m.data = data.toFile();
        m.format = "idx";
        m.recipe = Map.of("batch", "16");
        m.grayToRgb = true;
        m.progress = false;
        m.threads = 2;
        m.resume = true;
        m.checkpointEvery = 50;
        assertEquals(
                List.of(
                        "--model",
                        "TinyDigits",
                        "--variant",
                        "small",
                        "--data",
                        data.toString(),
                        "--format",
                        "idx",
                        "--output",
                        dir.resolve("target/vmodel/train").toString(),
                        "--set",
                        "batch=16",
                        "--set",
                        "epochs=3",
                        "--set",
                        "lr=1e-3",
                        "--param",
                        "dim=12",
                        "--gray-to-rgb",
                        "--no-progress",
                        "--threads",
                        "2",
                        "--resume",
                        "--checkpoint-every",
                        "50"),
                m.trainerArguments());
    }

    @Test
    void theLeastCommandLineNamesTheModelAndTheOutput() throws Exception {
        TrainMojo m = configure(new TrainMojo(), Map.of());
        assertEquals(
                List.of(
                        "--model",
                        "TinyDigits",
                        "--output",
                        dir.resolve("target/vmodel/train").toString()),
                m.trainerArguments());
    }

    @Test
    void theRecipeKeysAreTheLanguagesAndThePropertiesEveryGoalOfThePlugin() throws Exception {
        Set<String> names = AbstractTrainerMojo.pluginProperties(pluginDescriptor());
        for (String p : List.of(
                "vmodel.model", "vmodel.resume", "vmodel.checkpoint", "vmodel.package", "vmodel.sourceDirectory"))
            assertTrue(names.contains(p), p + " in " + names);
        // Every setting of a train { } section can be set from the command line.
        for (String key : TrainSettings.KNOWN.keySet()) {
            TrainMojo m = configure(new TrainMojo(), Map.of("vmodel." + key, "1"));
            assertTrue(m.trainerArguments().contains(key + "=1"), key);
        }
    }

    @Test
    void aMistypedSettingFailsBeforeAnyJvmStarts() throws Exception {
        TrainMojo m = configure(new TrainMojo(), Map.of("vmodel.lrr", "1e-3"));
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(
                e.getMessage().startsWith("vmodel: unknown property -Dvmodel.lrr; recipe settings: optimizer, lr, "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; did you mean -Dvmodel.lr?"), e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void aMissingModelOrDatasetFailsWithOneLine() throws Exception {
        TrainMojo m = configure(new TrainMojo(), Map.of());
        m.model = null;
        assertEquals(
                "vmodel: vmodel:train needs a model: -Dvmodel.model=NAME, a model of the project's specs",
                assertThrows(MojoFailureException.class, m::execute).getMessage());
        m.model = "TinyDigits";
        m.data = dir.resolve("no-such-data").toFile();
        assertEquals(
                "vmodel: the dataset " + dir.resolve("no-such-data") + " does not exist (-Dvmodel.data)",
                assertThrows(MojoFailureException.class, m::execute).getMessage());
    }

    @Test
    void skipStartsNothing() throws Exception {
        TrainMojo m = configure(new TrainMojo(), Map.of("vmodel.lrr", "typo, not even read"));
        m.skip = true;
        RecordingLog log = new RecordingLog();
        m.setLog(log);
        m.execute();
        assertEquals(List.of("info: vmodel: skipped (vmodel.skip)"), log.lines);
    }

    @Test
    void evaluateTakesTheNamedWeightsElseTheCheckpointElseTheFinalWeights() throws Exception {
        EvaluateMojo m = configure(new EvaluateMojo(), Map.of());
        Path out = dir.resolve("target/vmodel/train");
        assertEquals(
                "vmodel: no checkpoint.safetensors or model.safetensors in " + out
                        + "; train first (mvn vmodel:train) or name the weights with -Dvmodel.checkpoint=FILE",
                assertThrows(MojoFailureException.class, m::trainerArguments).getMessage());

        Files.createDirectories(out);
        Path finalWeights = Files.writeString(out.resolve("model.safetensors"), "w");
        assertEquals(List.of("--evaluate", finalWeights.toString()), tail(m.trainerArguments(), 2));
        Path checkpoint = Files.writeString(out.resolve("checkpoint.safetensors"), "c");
        assertEquals(List.of("--evaluate", checkpoint.toString()), tail(m.trainerArguments(), 2));

        m.checkpoint = dir.resolve("best.safetensors").toFile();
        assertEquals(
                "vmodel: the checkpoint " + dir.resolve("best.safetensors") + " does not exist (-Dvmodel.checkpoint)",
                assertThrows(MojoFailureException.class, m::trainerArguments).getMessage());
        Files.writeString(dir.resolve("best.safetensors"), "b");
        assertEquals(List.of("--evaluate", dir.resolve("best.safetensors").toString()), tail(m.trainerArguments(), 2));
    }

    @Test
    void theTrainersExitStatusBecomesOneShortLine() throws Exception {
        TrainMojo m = configure(new TrainMojo(), Map.of());
        Path checkpoint = dir.resolve("target/vmodel/train/checkpoint.safetensors");
        m.checkExit(0);
        assertEquals(
                "vmodel: vmodel:train refused its input (exit 2); the trainer's reason is the 'vmodel train:' line above",
                assertThrows(MojoFailureException.class, () -> m.checkExit(2)).getMessage());
        assertEquals(
                "vmodel: vmodel:train stopped: the loss became NaN or infinite (exit 3); no checkpoint was written",
                assertThrows(MojoFailureException.class, () -> m.checkExit(3)).getMessage());
        Files.createDirectories(checkpoint.getParent());
        Files.writeString(checkpoint, "c");
        assertEquals(
                "vmodel: vmodel:train stopped: the loss became NaN or infinite (exit 3); the last checkpoint is "
                        + checkpoint,
                assertThrows(MojoFailureException.class, () -> m.checkExit(3)).getMessage());
        assertEquals(
                "vmodel: vmodel:train interrupted (exit 130); the last checkpoint is " + checkpoint
                        + "; continue with -Dvmodel.resume=true",
                assertThrows(MojoFailureException.class, () -> m.checkExit(130)).getMessage());
        assertEquals(
                "vmodel: vmodel:train failed inside the trainer (exit 1); its output above says why",
                assertThrows(MojoExecutionException.class, () -> m.checkExit(1)).getMessage());
        assertEquals(
                "vmodel: the JVM of vmodel:train ended with exit 137 (killed by signal 9)",
                assertThrows(MojoExecutionException.class, () -> m.checkExit(137))
                        .getMessage());

        EvaluateMojo e = configure(new EvaluateMojo(), Map.of());
        assertEquals(
                "vmodel: vmodel:evaluate interrupted (exit 130); the last checkpoint is " + checkpoint,
                assertThrows(MojoFailureException.class, () -> e.checkExit(130)).getMessage());
    }

    @Test
    void theForkGetsTheUsersJvmOptionsAndStaysOffline() throws Exception {
        TrainMojo m = configure(new TrainMojo(), Map.of());
        assertEquals(List.of("-Dai.djl.offline=true"), m.jvmOptions());
        m.jvmArgs = "-Xmx2g";
        assertEquals(List.of("-Xmx2g", "-Dai.djl.offline=true"), m.jvmOptions());
        m.jvmArgs = "  -Xmx2g\t-XX:+UseSerialGC ";
        assertEquals(List.of("-Xmx2g", "-XX:+UseSerialGC", "-Dai.djl.offline=true"), m.jvmOptions());
    }

    private static List<String> tail(List<String> list, int n) {
        return list.subList(list.size() - n, list.size());
    }
}
