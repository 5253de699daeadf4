package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.PythonTwins;
import dev.vmodel.runtime.train.TrainCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec'd model's generated PyTorch twin trains under {@code torchrun --nproc_per_node 2} (gloo,
 * loopback) with the twin's trainer, and its per-epoch losses equal a single process's with the
 * same global batch within 1e-5 relative (DDP averages the two halves' gradients; the order of the
 * sums differs, nothing else); and the weights it trained load into the DJL model, which scores the
 * test images as the twin did: weights cross from PyTorch to DJL as they do the other way in the
 * parity check.
 */
class TwinTorchrunTest {

    @TempDir
    Path dir;

    @Test
    void twoProcessesTrainTheTwinAsOneDoes() throws Exception {
        GeneratedCode.Twin twin = GeneratedCode.twin(dir, "twin", TrainingFixtures.DIGITS_VIT);
        Path data = TrainingFixtures.quadrants(dir.resolve("quadrants"), 512, 128, 3);
        List<String> train = List.of(
                "-m",
                "twin.vmodel_train",
                "--model",
                "twin.digits_vit:DigitsVit",
                "--variant",
                "tiny",
                "--data",
                data.toString(),
                "--epochs",
                "6",
                "--batch",
                "16",
                "--set",
                "warmupEpochs=1",
                "--threads",
                "1");

        List<String> single = new ArrayList<>(List.of(PythonTwins.python()));
        single.addAll(train);
        single.addAll(List.of("--output", dir.resolve("single").toString()));
        run(single, "single");

        // --redirects/--tee: Debian's torch 1.13 on Python 3.11 fails without them (a torchrun bug).
        List<String> ddp = new ArrayList<>(List.of(
                PythonTwins.python(),
                "-m",
                "torch.distributed.run",
                "--standalone",
                "--nproc_per_node",
                "2",
                "--redirects",
                "1",
                "--tee",
                "1"));
        ddp.addAll(train);
        ddp.addAll(List.of("--output", dir.resolve("ddp").toString()));
        run(ddp, "torchrun");

        List<JsonObject> one = metrics(dir.resolve("single"));
        List<JsonObject> two = metrics(dir.resolve("ddp"));
        assertEquals(6, one.size());
        assertEquals(6, two.size());
        for (int e = 0; e < 6; e++) {
            double a = one.get(e).get("train_loss").getAsDouble();
            double b = two.get(e).get("train_loss").getAsDouble();
            System.out.printf("epoch %d train loss: 1 process %.9f, 2 processes %.9f%n", e + 1, a, b);
            assertEquals(a, b, 1e-5 * Math.abs(a), "epoch " + (e + 1));
            assertEquals(
                    one.get(e).get("top1").getAsDouble(), two.get(e).get("top1").getAsDouble(), 1e-9);
        }
        assertTrue(Files.isRegularFile(dir.resolve("ddp/checkpoint.safetensors")));

        // The weights the twin trained load into the DJL model, which scores the same test images
        // as the twin did (a borderline image may flip between the two float paths: one of 128).
        ClassLoader classes = twin.classes();
        ModelFamily family = ModelFamilies.named("DigitsVit", classes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TrainCli.run(
                family,
                new String[] {
                    "--variant",
                    "tiny",
                    "--data",
                    data.toString(),
                    "--batch",
                    "32",
                    "--evaluate",
                    dir.resolve("ddp/model.safetensors").toString(),
                    "--no-progress"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, status, out::toString);
        Matcher m = Pattern.compile("top-1 ([0-9.]+)%").matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), out::toString);
        double djl = Double.parseDouble(m.group(1)) / 100;
        double trained = two.get(5).get("top1").getAsDouble();
        assertTrue(trained > 0.75, "the twin learned (chance is 0.25): top-1 " + trained);
        System.out.printf("the twin's weights: top-1 %.4f in the twin, %.4f in DJL%n", trained, djl);
        assertEquals(trained, djl, 1.0 / 128 + 1e-9);
    }

    private void run(List<String> command, String what) throws IOException, InterruptedException {
        Path log = dir.resolve(what + ".log");
        Process p = new ProcessBuilder(command)
                .directory(dir.resolve("python").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish in 5 minutes:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> what + ":\n" + read(log));
    }

    private static List<JsonObject> metrics(Path run) throws IOException {
        List<JsonObject> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            rows.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return rows;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
