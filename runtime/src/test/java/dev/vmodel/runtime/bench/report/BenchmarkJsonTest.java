package dev.vmodel.runtime.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmodel.runtime.bench.BenchmarkRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkJsonTest {
    @TempDir
    Path dir;

    @Test
    void aRunReadsBackEqualWithItsNaNs() throws IOException {
        BenchmarkRun run = SampleRun.run();
        Path file = dir.resolve("benchmark.json");
        BenchmarkJson.write(run, file);
        BenchmarkRun back = BenchmarkJson.read(file);
        assertEquals(run, back);
        // Records compare doubles as Double.compare does, so NaN must have come back as NaN.
        assertTrue(Double.isNaN(back.results().get(0).pytorch().get(0).heapMb()));
        assertTrue(Double.isNaN(back.results().get(1).vmodel().get(0).lossFirst()));
        assertEquals(
                List.of("depth"),
                List.copyOf(back.results().get(1).benchCase().overrides().keySet()));
        assertEquals(List.of(file), listing(), "no temporary file left");
    }

    @Test
    void aRunWithoutTwinPeakKeepsItsNaNPeak() throws IOException {
        BenchmarkRun run = new BenchmarkRun(
                "2026-11-30T06:00:00Z",
                "test machine",
                1,
                123.456789012345,
                Double.NaN,
                List.of(SampleRun.inferCaseWithoutTwin()),
                List.of());
        Path file = dir.resolve("b.json");
        BenchmarkJson.write(run, file);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertTrue(json.get("pytorchPeakGflops").isJsonNull(), "NaN is written as null");
        assertEquals(run, BenchmarkJson.read(file));
    }

    @Test
    void theDerivedFiguresAreInTheFile() throws IOException {
        Path file = dir.resolve("benchmark.json");
        BenchmarkJson.write(SampleRun.run(), file);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        JsonObject train = json.getAsJsonArray("results").get(0).getAsJsonObject();
        // By hand: vmodel (20 + 22) / 2 = 21 (no clean run: all runs), PyTorch (14 + 15) / 2 = 14.5.
        assertEquals(21.0, train.get("vmodelImgPerS").getAsDouble(), 1e-12);
        assertEquals(14.5, train.get("pytorchImgPerS").getAsDouble(), 1e-12);
        assertEquals(21.0 / 14.5, train.get("ratio").getAsDouble(), 1e-12);
        assertEquals(75.6, train.get("vmodelGflops").getAsDouble(), 1e-9);
        assertEquals(52.2, train.get("pytorchGflops").getAsDouble(), 1e-9);
        assertEquals(0.378, train.get("vmodelPeakShare").getAsDouble(), 1e-12);
        assertEquals(0.29, train.get("pytorchPeakShare").getAsDouble(), 1e-12);
        assertTrue(train.get("vmodelNoisy").getAsBoolean());
        assertFalse(train.get("pytorchNoisy").getAsBoolean());

        JsonObject infer = json.getAsJsonArray("results").get(1).getAsJsonObject();
        // The noisy third run (100 img/s) is left out: (300 + 340) / 2.
        assertEquals(320.0, infer.get("vmodelImgPerS").getAsDouble(), 1e-12);
        assertTrue(infer.get("pytorchImgPerS").isJsonNull());
        assertTrue(infer.get("ratio").isJsonNull());
        assertEquals(0.128, infer.get("vmodelPeakShare").getAsDouble(), 1e-12);
        assertFalse(infer.get("vmodelNoisy").getAsBoolean());
        assertEquals(0, infer.getAsJsonArray("pytorch").size());
    }

    @Test
    void writingReplacesAnEarlierFile() throws IOException {
        Path file = dir.resolve("benchmark.json");
        Files.writeString(file, "an older report");
        BenchmarkJson.write(SampleRun.run(), file);
        assertEquals(SampleRun.run(), BenchmarkJson.read(file));
    }

    @Test
    void aMissingKeyIsNamedWithItsPlace() throws IOException {
        Path file = dir.resolve("benchmark.json");
        BenchmarkJson.write(SampleRun.run(), file);
        String text = Files.readString(file).replaceFirst("\"stepMsP95\"", "\"stepMsP96\"");
        Files.writeString(file, text);
        IOException e = assertThrows(IOException.class, () -> BenchmarkJson.read(file));
        assertEquals(
                "the benchmark JSON " + file + " is not a benchmark run: results[0].vmodel[0].stepMsP95: missing",
                e.getMessage());
    }

    @Test
    void textThatIsNotJsonIsReportedInOneLine() throws IOException {
        Path file = dir.resolve("benchmark.json");
        Files.writeString(file, "{\"format\": 1, \"results\": [");
        IOException e = assertThrows(IOException.class, () -> BenchmarkJson.read(file));
        assertTrue(e.getMessage().startsWith("the benchmark JSON " + file + " is not valid JSON: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("none.json");
        IOException e = assertThrows(IOException.class, () -> BenchmarkJson.read(file));
        assertEquals(
                "cannot read the benchmark JSON " + file + ": " + file + ": no such file or folder", e.getMessage());
    }

    @Test
    void aFolderThatDoesNotExistIsNamed() {
        Path file = dir.resolve("missing").resolve("benchmark.json");
        IOException e = assertThrows(IOException.class, () -> BenchmarkJson.write(SampleRun.run(), file));
        assertTrue(e.getMessage().startsWith("cannot write the benchmark JSON " + file + ": "), e.getMessage());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
