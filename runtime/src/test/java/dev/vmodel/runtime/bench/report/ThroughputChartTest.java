package dev.vmodel.runtime.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.bench.BenchCase;
import dev.vmodel.runtime.bench.BenchmarkRun;
import dev.vmodel.runtime.bench.CaseResult;
import dev.vmodel.runtime.bench.Measurement;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputChartTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** The PyTorch bars' fill, 0xff7f0e. */
    private static final int PYTORCH_ORANGE = 0xff7f0e;

    @TempDir
    Path dir;

    @Test
    void oneTrainAndOneInferCaseDrawTwoPanels() throws IOException {
        Path png = dir.resolve("benchmark.png");
        ThroughputChart.write(SampleRun.run(), png);
        BufferedImage image = readPng(png);
        assertEquals(2 * ThroughputChart.PANEL_WIDTH, image.getWidth());
        assertEquals(ThroughputChart.PANEL_HEIGHT, image.getHeight());
        assertTrue(colours(image, 0, ThroughputChart.PANEL_WIDTH) > 10, "the train panel has a chart");
        assertTrue(colours(image, ThroughputChart.PANEL_WIDTH, 2 * ThroughputChart.PANEL_WIDTH) > 10, "so has infer");
        // The train case has a twin, the infer case has none: PyTorch's colour on the left only.
        assertTrue(count(image, 0, ThroughputChart.PANEL_WIDTH, PYTORCH_ORANGE) > 100, "PyTorch bars on the left");
        assertEquals(0, count(image, ThroughputChart.PANEL_WIDTH, 2 * ThroughputChart.PANEL_WIDTH, PYTORCH_ORANGE));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
    }

    @Test
    void theCategoriesCarryTheRatio() {
        // 21 / 14.5 = 1.448...
        assertEquals("GMlp small b16 (1.45x, noisy)", ThroughputChart.category(SampleRun.trainCase()));
        assertEquals("GMlp tiny (depth=2) b64 (no twin)", ThroughputChart.category(SampleRun.inferCaseWithoutTwin()));
    }

    @Test
    void panelsComeTrainFirst() {
        BenchmarkRun run = new BenchmarkRun(
                "t", "m", 1, 1, 1, List.of(SampleRun.inferCaseWithoutTwin(), SampleRun.trainCase()), List.of());
        assertEquals(List.of("train", "infer"), ThroughputChart.modes(run));
    }

    @Test
    void valuesSpanningMoreThanTwentyTimesGetALogAxis() throws IOException {
        CaseResult small = SampleRun.inferCaseWithoutTwin(); // 320 img/s
        BenchmarkRun wide = new BenchmarkRun("t", "m", 1, 100, Double.NaN, List.of(small, slow(10.0)), List.of());
        assertTrue(ThroughputChart.panels(wide).get(0).getStyler().isYAxisLogarithmic(), "320 / 10 > 20");
        BenchmarkRun narrow = new BenchmarkRun("t", "m", 1, 100, Double.NaN, List.of(small, slow(20.0)), List.of());
        assertFalse(ThroughputChart.panels(narrow).get(0).getStyler().isYAxisLogarithmic(), "320 / 20 < 20");
        Path png = dir.resolve("wide.png");
        ThroughputChart.write(wide, png);
        assertTrue(colours(readPng(png), 0, ThroughputChart.PANEL_WIDTH) > 10);
    }

    @Test
    void aRunWithoutCasesIsAnEmptyFrame() throws IOException {
        Path png = dir.resolve("empty.png");
        ThroughputChart.write(new BenchmarkRun("t", "m", 1, 1, 1, List.of(), List.of()), png);
        BufferedImage image = readPng(png);
        assertEquals(ThroughputChart.PANEL_WIDTH, image.getWidth());
    }

    /** A big model's inference case, one clean run at {@code imgPerS}, without a twin. */
    private static CaseResult slow(double imgPerS) {
        Measurement m = SampleRun.inferCaseWithoutTwin().vmodel().get(0);
        Measurement run = new Measurement(
                m.stack(),
                m.engine(),
                m.threads(),
                m.params(),
                imgPerS,
                m.windows(),
                m.foreign(),
                m.stepMsP50(),
                m.stepMsP95(),
                m.timedSteps(),
                m.rssPeakMb(),
                m.rssStartMb(),
                m.rssEndMb(),
                m.heapMb(),
                m.lossFirst(),
                m.lossLast());
        return new CaseResult(new BenchCase("Cct", "cct_14", Map.of(), 64, "infer"), 11.0, List.of(run), List.of(), "");
    }

    static BufferedImage readPng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), "a PNG file");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "ImageIO reads it");
        return image;
    }

    static int colours(BufferedImage image, int fromX, int toX) {
        Set<Integer> colours = new HashSet<>();
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    private static int count(BufferedImage image, int fromX, int toX, int rgb) {
        int n = 0;
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
