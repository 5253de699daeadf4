package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.train.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped mid-epoch, by SIGKILL or by Ctrl-C, and resumed from its checkpoint ends exactly
 * as a run never stopped: the same per-epoch losses and accuracies to the last bit, and a
 * byte-identical weights file. Each run is a real trainer process (one intra-op thread, so that
 * the arithmetic order is the same in every run); the model has drop-path and the recipe mixup,
 * random crop and flips, so every random stream is exercised.
 */
class TrainingResumeTest {

    @TempDir
    static Path dir;

    static Path classes;
    static Path data;

    @BeforeAll
    static void generate() {
        GeneratedCode.of(dir.resolve("gen"), TrainingFixtures.DIGITS_VIT);
        classes = dir.resolve("gen/classes");
        data = TrainingFixtures.quadrants(dir.resolve("quadrants"), 2048, 128, 2);
    }

    static String[] args(Path output, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "--model",
                "DigitsVit",
                "--data",
                data.toString(),
                "--output",
                output.toString(),
                "--epochs",
                "3",
                "--batch",
                "16",
                "--set",
                "mixup=0.4",
                "--set",
                "hflip=true",
                "--checkpoint-every",
                "10",
                "--threads",
                "1",
                "--no-progress"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aRunKilledMidEpochAndResumedEqualsTheUninterruptedRun() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(
                0,
                TrainingFixtures.runTrainer(classes, dir.resolve("whole.log"), args(whole)),
                () -> read(dir.resolve("whole.log")));

        for (String signal : List.of("KILL", "INT")) {
            Path cut = dir.resolve("cut-" + signal);
            Path log = dir.resolve("cut-" + signal + ".log");
            Process p = TrainingFixtures.trainer(classes, log, args(cut)).start();
            Map<String, String> at = waitForCheckpoint(cut.resolve("checkpoint.safetensors"), p, 30);
            kill(p, signal);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            if (signal.equals("KILL")) {
                assertEquals(137, p.exitValue(), () -> read(log));
            } else {
                assertEquals(130, p.exitValue(), () -> read(log));
                assertTrue(read(log).contains("interrupted at epoch"), () -> read(log));
            }
            Map<String, String> stopped = metadata(cut.resolve("checkpoint.safetensors"));
            System.out.printf(
                    "%s after global step %s; resuming from epoch %s step %s (step %s of the run)%n",
                    signal,
                    at.get("global_step"),
                    Integer.parseInt(stopped.get("epoch")) + 1,
                    stopped.get("step_in_epoch"),
                    stopped.get("global_step"));
            assertTrue(Long.parseLong(stopped.get("global_step")) < 3 * 128, "stopped before the end");
            assertTrue(Integer.parseInt(stopped.get("step_in_epoch")) > 0, "stopped in the middle of an epoch");

            Path resumed = dir.resolve("resumed-" + signal + ".log");
            assertEquals(0, TrainingFixtures.runTrainer(classes, resumed, args(cut, "--resume")), () -> read(resumed));
            assertArrayEquals(
                    Files.readAllBytes(whole.resolve("model.safetensors")),
                    Files.readAllBytes(cut.resolve("model.safetensors")),
                    "weights after a " + signal + " and a resume");
            assertEquals(figures(whole), figures(cut));
        }
    }

    /** The metrics that must not depend on interruptions (times and speeds may). */
    static List<String> figures(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            rows.add(o.get("epoch") + " " + o.get("step") + " " + o.get("train_loss") + " " + o.get("val_loss") + " "
                    + o.get("top1") + " " + o.get("top5") + " " + o.get("lr"));
        }
        return rows;
    }

    /** Waits until the run has written a mid-epoch checkpoint past its first steps. */
    static Map<String, String> waitForCheckpoint(Path file, Process p, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && p.isAlive()) {
            if (Files.exists(file)) {
                Map<String, String> m = metadata(file);
                if (m != null && Long.parseLong(m.get("global_step")) >= 150) {
                    return m;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no checkpoint after step 150 within " + seconds + " s (alive: " + p.isAlive() + ")");
    }

    static Map<String, String> metadata(Path file) {
        try (NDManager m = Engines.newBaseManager()) {
            return SafeTensors.read(m, file).metadata();
        } catch (IOException e) {
            return null; // being replaced right now: atomic moves make that rare, but a read may race a rename
        }
    }

    static void kill(Process p, String signal) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                .inheritIO()
                .start();
        assertEquals(0, k.waitFor());
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
