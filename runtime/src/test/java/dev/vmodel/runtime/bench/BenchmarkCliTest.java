package dev.vmodel.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmodel.runtime.CommandRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command end to end on the runtime's test model ({@code TinyModel}: linear 6 to 8,
 * batch norm, ReLU, linear 8 to 3 for variant {@code small}), DJL only: real runner processes, a
 * real report. The twin side is covered by the Maven plugin's {@code benchmark} integration test.
 */
class BenchmarkCliTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(BenchmarkCli::run, args);
    }

    @Test
    void measuresAndReports(@TempDir Path dir) throws Exception {
        CommandRun r = run(
                "--model",
                "TinyModel",
                "--variant",
                "small",
                "--batch",
                "2",
                "--no-twin",
                "--warmup-s",
                "0",
                "--windows",
                "2",
                "--window-s",
                "0.1",
                "--quiet",
                "0",
                "--threads",
                "1",
                "--out",
                dir.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("[1/1] TinyModel small b2"), r.out());
        assertTrue(r.err().contains("PyTorch twin not run: --no-twin given"), r.err());

        JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("benchmark.json")))
                .getAsJsonObject();
        JsonArray results = report.getAsJsonArray("results");
        assertEquals(2, results.size(), "train and infer");
        List<String> modes = new ArrayList<>();
        for (var e : results) {
            JsonObject c = e.getAsJsonObject();
            modes.add(c.getAsJsonObject("case").get("mode").getAsString());
            JsonObject ours = c.getAsJsonArray("vmodel").get(0).getAsJsonObject();
            // linear 6*8+8, batch norm 2*8 (running statistics are not trained), linear 8*3+3
            assertEquals(99, ours.get("params").getAsLong());
            assertEquals(1, ours.get("threads").getAsInt());
            assertEquals(2, ours.getAsJsonArray("windows").size());
            assertTrue(ours.get("imgPerS").getAsDouble() > 0);
            assertTrue(
                    ours.get("stepMsP50").getAsDouble() <= ours.get("stepMsP95").getAsDouble());
            assertTrue(
                    ours.get("rssPeakMb").getAsDouble() >= ours.get("rssEndMb").getAsDouble());
            assertEquals(0, c.getAsJsonArray("pytorch").size());
        }
        assertEquals(List.of("train", "infer"), modes);
        assertTrue(report.get("vmodelPeakGflops").getAsDouble() > 0.1, "the engine's matmul peak was measured");
        assertTrue(
                Pattern.compile("matmul peak at the end: vmodel \\d+ GFLOP/s, PyTorch not measured;"
                                + " shares use the higher of each\n")
                        .matcher(r.out())
                        .find(),
                "measured again at the end: " + r.out());
        // The report holds the higher of the two peaks, as the terminal's shares use.
        long start = printedPeak(r.out(), "matmul peak (best of 2048^3 and 3072^3 fp32): vmodel ");
        long end = printedPeak(r.out(), "matmul peak at the end: vmodel ");
        assertEquals(
                Math.max(start, end), Math.round(report.get("vmodelPeakGflops").getAsDouble()), r.out());

        String md = Files.readString(dir.resolve("benchmark.md"));
        assertTrue(md.contains("TinyModel"), md);
        BufferedImage png = ImageIO.read(dir.resolve("benchmark.png").toFile());
        assertTrue(png.getWidth() > 100 && png.getHeight() > 100);
    }

    private static long printedPeak(String out, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+) GFLOP/s").matcher(out);
        assertTrue(m.find(), prefix + " in " + out);
        return Long.parseLong(m.group(1));
    }

    @Test
    void theSharesUseTheHigherOfTheTwoPeaksAndABusyMeasurementIsNoted() {
        List<String> notes = new ArrayList<>();
        // The run behind this test: another job held the cores while the start's peak was measured.
        assertEquals(211.0, BenchmarkCli.higherPeak("vmodel", 102, 211, notes));
        assertEquals(
                List.of("vmodel matmul peak 102 GFLOP/s at the start, 211 at the end: the machine was busy during"
                        + " one; shares of the peak use 211"),
                notes);
        notes.clear();
        assertEquals(216.0, BenchmarkCli.higherPeak("PyTorch", 216, 205, notes));
        assertEquals(200.0, BenchmarkCli.higherPeak("vmodel", Double.NaN, 200, notes));
        assertEquals(190.0, BenchmarkCli.higherPeak("vmodel", 190, Double.NaN, notes));
        assertTrue(Double.isNaN(BenchmarkCli.higherPeak("PyTorch", Double.NaN, Double.NaN, notes)));
        assertEquals(List.of(), notes, "within 15% and unmeasured peaks need no note");
    }

    @Test
    void badOptionsAreRefusedWithOneLine(@TempDir Path dir) {
        String out = dir.toString();
        expectUsage(run("--mode", "sideways", "--out", out), "--mode must be train, infer or both, got 'sideways'");
        expectUsage(run("--model", "Nope", "--out", out), "no generated model 'Nope'");
        expectUsage(
                run("--model", "TinyModel", "--variant", "huge", "--out", out),
                "model TinyModel has no variant huge; it declares small, wide");
        expectUsage(run("--batch", "0", "--out", out), "--batch takes positive sizes, got 0");
        expectUsage(run("--windows", "0", "--out", out), "--windows must be at least 1, got 0");
        expectUsage(run("--window-s", "-1", "--out", out), "take seconds >= 0, got -1.0");
        expectUsage(run("--threads", "x", "--out", out), "--threads");
        assertTrue(!Files.exists(dir.resolve("benchmark.json")), "nothing measured, nothing written");
    }

    @Test
    void aReportFolderThatCannotBeWrittenFailsBeforeMeasuring(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a folder");
        long t0 = System.nanoTime();
        CommandRun r = run(
                "--model",
                "TinyModel",
                "--no-twin",
                "--out",
                file.resolve("report").toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(
                r.err().startsWith("vmodel benchmark: cannot write the report in " + file.resolve("report")), r.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused before any runner started");
    }

    private static void expectUsage(CommandRun r, String message) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
