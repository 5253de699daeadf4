package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.train.TrainCli;
import dev.vmodel.runtime.train.Training;
import dev.vmodel.runtime.train.io.SafeTensors;
import dev.vmodel.runtime.train.report.EpochMetrics;
import dev.vmodel.semantic.model.TrainRecipe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec'd model trained through its generated harness on data in a real format: it learns, leaves
 * real metrics, chart and weights files, follows its recipe's schedule, and stops cleanly on bad
 * input and on a NaN loss.
 */
class TrainingEndToEndTest {

    @TempDir
    static Path dir;

    static GeneratedCode code;
    static Path data;

    @BeforeAll
    static void generate() {
        code = GeneratedCode.of(dir.resolve("gen"), TrainingFixtures.DIGITS_VIT);
        data = TrainingFixtures.quadrants(dir.resolve("quadrants"), 512, 128, 1);
    }

    static ModelFamily family() throws Exception {
        return (ModelFamily) code.load("DigitsVit").getField("FAMILY").get(null);
    }

    @Test
    void theHarnessCarriesTheSpecsRecipe() throws Exception {
        TrainRecipe r =
                (TrainRecipe) code.load("DigitsVitTraining").getMethod("recipe").invoke(null);
        assertEquals(3e-3, r.lr());
        assertEquals(2, r.warmupEpochs());
        assertEquals("mnist", r.dataset());
        assertEquals(7, r.seed());
        assertEquals(r, family().recipe());
    }

    @Test
    void aTinyModelLearnsAnEasyDatasetThroughTheGeneratedHarness() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path run = dir.resolve("learns");
        Training.Builder b = (Training.Builder)
                code.load("DigitsVitTraining").getMethod("builder").invoke(null);
        Training.Result r = b.variant("tiny")
                .data(data)
                .output(run)
                .set("epochs", "8")
                .set("batch", "16")
                .progress(false)
                .streams(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .build()
                .run();

        List<EpochMetrics> rows = r.epochs();
        assertEquals(8, rows.size());
        assertTrue(r.last().top1() >= 0.95, "top-1 after 8 epochs: " + r.last().top1() + "\n" + out);
        assertTrue(rows.get(7).trainLoss() < rows.get(0).trainLoss() * 0.7, out::toString);

        // The recipe's schedule: 32 steps per epoch, 2 warm-up epochs (64 steps) from warmupLr 1e-6 to
        // lr 3e-3, then cosine to minLr 1e-5 at step 256. Each row's lr is the last step's.
        double lr = 3e-3;
        double warm = 1e-6;
        double min = 1e-5;
        assertEquals(warm + (lr - warm) * 31 / 64, rows.get(0).lr(), 1e-12);
        assertEquals(warm + (lr - warm) * 63 / 64, rows.get(1).lr(), 1e-12);
        double cosineAt127 = min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * (127 - 64) / 192.0));
        assertEquals(cosineAt127, rows.get(3).lr(), 1e-12);
        assertEquals(32L * 8, rows.get(7).step());

        List<String> jsonl = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(8, jsonl.size());
        JsonObject first = JsonParser.parseString(jsonl.get(0)).getAsJsonObject();
        assertEquals(1, first.get("epoch").getAsInt());
        assertEquals(rows.get(0).trainLoss(), first.get("train_loss").getAsDouble());
        assertEquals(9, Files.readAllLines(run.resolve("metrics.csv")).size());
        byte[] png = Files.readAllBytes(run.resolve("curves.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));

        // The weights under their stable names, shaped as the model's parameters.
        SpecModel fresh = family().build("tiny", Map.of());
        try (NDManager m = Engines.newBaseManager()) {
            fresh.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, fresh.inputShape(1));
            SafeTensors.Contents saved = SafeTensors.read(m, run.resolve("model.safetensors"));
            assertEquals(fresh.parametersByName().keySet(), saved.tensors().keySet());
            fresh.parametersByName()
                    .forEach((name, p) -> assertEquals(
                            p.getArray().getShape(), saved.tensors().get(name).getShape(), name));
            assertEquals("DigitsVit", saved.metadata().get("model"));
            assertEquals("tiny", saved.metadata().get("variant"));
        }

        // Evaluating the saved weights gives the last epoch's validation figures.
        ByteArrayOutputStream eval = new ByteArrayOutputStream();
        int status = TrainCli.run(
                family(),
                new String[] {
                    "--variant",
                    "tiny",
                    "--data",
                    data.toString(),
                    "--evaluate",
                    run.resolve("model.safetensors").toString(),
                    "--output",
                    run.toString()
                },
                new PrintStream(eval, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, status, eval::toString);
        assertTrue(
                eval.toString()
                        .contains(String.format(
                                java.util.Locale.ROOT,
                                "top-1 %.2f%%",
                                100 * r.last().top1())),
                eval::toString);
    }

    @Test
    void aLossThatBecomesNanStopsTheRunNamingTheStepAndTheLastCheckpoint() throws Exception {
        Cli c = cli(
                "--variant",
                "tiny",
                "--data",
                data.toString(),
                "--output",
                dir.resolve("nan").toString(),
                "--set",
                "lr=1e30",
                "--set",
                "warmupEpochs=0",
                "--checkpoint-every",
                "1",
                "--no-progress");
        assertEquals(3, c.status, c.err);
        assertTrue(
                c.err.matches("(?s)vmodel train: the loss became (NaN|Infinity|-Infinity) at epoch 1 step \\d+ .*"
                        + "the last good checkpoint is .*checkpoint\\.safetensors.*\n"),
                c.err);
        assertFalse(c.err.contains("\tat "), c.err);
        // The checkpoint named is whole and readable.
        try (NDManager m = Engines.newBaseManager()) {
            SafeTensors.Contents ck = SafeTensors.read(m, dir.resolve("nan/checkpoint.safetensors"));
            assertEquals("vmodel-checkpoint-1", ck.metadata().get("format"));
        }
    }

    @Test
    void badInputGetsOneLineAndStatusTwo() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        String[][] cases = {
            {"--variant", "tiny", "--data", dir.resolve("missing").toString()},
            {"--variant", "tiny", "--data", data.toString(), "--set", "lrr=1"},
            {"--variant", "tiny", "--data", data.toString(), "--set", "lr=-1"},
            {"--variant", "nope", "--data", data.toString()},
            {"--variant", "tiny", "--data", data.toString(), "--param", "dim=0"},
            {
                "--variant",
                "tiny",
                "--data",
                data.toString(),
                "--output",
                notADir.resolve("run").toString()
            },
            {"--variant", "tiny", "--data", data.toString(), "--format", "cifar10"},
            {"--variant", "tiny", "--data", data.toString(), "--param", "numClasses=3"},
            {"--variant", "tiny", "--data", data.toString(), "--set", "batch=100000"},
            {
                "--variant",
                "tiny",
                "--data",
                data.toString(),
                "--output",
                dir.resolve("bad-resume").toString(),
                "--resume"
            },
        };
        String[] expected = {
            "missing",
            "unknown recipe setting 'lrr'",
            "lr",
            "unknown variant 'nope'",
            "dim",
            "run",
            "cifar",
            "3",
            "batch",
            "--resume",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = java.util.stream.Stream.concat(
                            java.util.Arrays.stream(cases[i]), java.util.stream.Stream.of("--no-progress"))
                    .toArray(String[]::new);
            if (!List.of(args).contains("--output")) {
                args = java.util.stream.Stream.concat(
                                java.util.Arrays.stream(args),
                                java.util.stream.Stream.of(
                                        "--output", dir.resolve("bad" + i).toString()))
                        .toArray(String[]::new);
            }
            Cli c = cli(args);
            assertEquals(2, c.status, String.join(" ", args) + "\n" + c.err);
            String[] lines = c.err.strip().split("\n");
            assertEquals(1, lines.length, c.err);
            assertTrue(lines[0].startsWith("vmodel train: ") && lines[0].contains(expected[i]), c.err);
        }
    }

    @Test
    void anExistingRunIsNotOverwrittenWithoutResume() throws Exception {
        Path run = dir.resolve("twice");
        String[] oneEpoch = ("--variant tiny --epochs 1 --set warmupEpochs=0 --no-progress --data " + data
                        + " --output " + run)
                .split(" ");
        Cli first = cli(oneEpoch);
        assertEquals(0, first.status, first.err);
        byte[] before = Files.readAllBytes(run.resolve("checkpoint.safetensors"));
        Cli second = cli(oneEpoch);
        assertEquals(2, second.status);
        assertTrue(second.err.contains("already holds a run"), second.err);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve("checkpoint.safetensors"))));
    }

    record Cli(int status, String out, String err) {}

    static Cli cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainCli.run(
                family(),
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
