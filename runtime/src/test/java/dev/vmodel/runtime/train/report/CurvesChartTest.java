package dev.vmodel.runtime.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesChartTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void aSingleEpochDrawsBothPanels() throws IOException {
        Path png = dir.resolve(CurvesChart.FILE);
        CurvesChart.write(
                png, List.of(new EpochMetrics(1, 469, 0.9, 0.7, 0.81, 0.97, 1e-3, 900, 12)), "GMlp/ti16 on MNIST");
        BufferedImage image = readPng(png);
        assertEquals(2 * CurvesChart.PANEL_WIDTH, image.getWidth());
        assertEquals(CurvesChart.PANEL_HEIGHT, image.getHeight());
        assertTrue(colours(image, 0, CurvesChart.PANEL_WIDTH) > 10, "the loss panel has a chart");
        assertTrue(
                colours(image, CurvesChart.PANEL_WIDTH, 2 * CurvesChart.PANEL_WIDTH) > 10, "so has the accuracy panel");
        assertEquals(List.of(png), listing(), "no temporary file left");
    }

    @Test
    void twentyEpochsWithGapsInValidationDrawOverAnEarlierChart() throws IOException {
        Path png = dir.resolve(CurvesChart.FILE);
        Files.writeString(png, "an older, broken chart");
        List<EpochMetrics> rows = new ArrayList<>();
        for (int epoch = 1; epoch <= 20; epoch++) {
            // Validation every other epoch only: NaN elsewhere, which the chart leaves out.
            boolean validated = epoch % 2 == 0;
            double accuracy = 1 - 0.5 / epoch;
            rows.add(new EpochMetrics(
                    epoch,
                    100L * epoch,
                    2.0 / epoch,
                    validated ? 2.2 / epoch : Double.NaN,
                    validated ? accuracy : Double.NaN,
                    validated ? Math.min(1, accuracy + 0.1) : Double.NaN,
                    1e-3,
                    1000,
                    5));
        }
        CurvesChart.write(png, rows, "Cct/cct_7_3x1 on CIFAR-10");
        BufferedImage image = readPng(png);
        assertEquals(2 * CurvesChart.PANEL_WIDTH, image.getWidth());
        assertTrue(colours(image, CurvesChart.PANEL_WIDTH, 2 * CurvesChart.PANEL_WIDTH) > 10);
    }

    @Test
    void aRunWithoutValidationStillDrawsItsLoss() throws IOException {
        Path png = dir.resolve(CurvesChart.FILE);
        double nan = Double.NaN;
        CurvesChart.write(
                png,
                List.of(
                        new EpochMetrics(1, 10, 1.5, nan, nan, nan, 1e-3, 100, 1),
                        new EpochMetrics(2, 20, 1.2, nan, nan, nan, 1e-3, 100, 1)),
                "tiny");
        BufferedImage image = readPng(png);
        assertTrue(colours(image, 0, CurvesChart.PANEL_WIDTH) > 10);
    }

    @Test
    void noEpochYetGivesTwoEmptyPanelsOfTheSameSize() throws IOException {
        Path png = dir.resolve(CurvesChart.FILE);
        CurvesChart.write(png, List.of(), "tiny");
        BufferedImage image = readPng(png);
        assertEquals(2 * CurvesChart.PANEL_WIDTH, image.getWidth());
        assertEquals(CurvesChart.PANEL_HEIGHT, image.getHeight());
    }

    @Test
    void anUnwritableFileIsOneClearLine() {
        Path png = dir.resolve("missing-folder").resolve(CurvesChart.FILE);
        IOException e = assertThrows(IOException.class, () -> CurvesChart.write(png, List.of(), "x"));
        assertTrue(e.getMessage().startsWith("cannot write the chart " + png + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static BufferedImage readPng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "ImageIO reads it");
        return image;
    }

    /** The number of distinct colours in the columns [from, to): a blank panel has one. */
    private static int colours(BufferedImage image, int from, int to) {
        Set<Integer> seen = new HashSet<>();
        for (int x = from; x < to; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
