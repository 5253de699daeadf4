package dev.vmodel.runtime.train.report;

import dev.vmodel.runtime.IoProblems;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: a chart of a run, redrawn after each epoch from the rows of {@link
 * MetricsLog}.
 *
 * <p>Drawn with XChart, a small, maintained chart library with no native parts that renders to a
 * {@code BufferedImage} headless and lays several charts out in one bitmap ({@link
 * BitmapEncoder#saveBitmap(List, Integer, Integer, OutputStream, BitmapEncoder.BitmapFormat)}).
 * Two panels side by side, each {@value #PANEL_WIDTH}×{@value #PANEL_HEIGHT} pixels: the loss per
 * epoch (train, validation) and the accuracy per epoch (top-1, top-5, in %). Points that are NaN
 * (no validation) are left out, a curve without any point is not drawn, and every point has a
 * marker so that a single epoch still shows.
 */
public final class CurvesChart {
    /** The chart file in a run folder. */
    public static final String FILE = "curves.png";

    /** Width of one panel in pixels; the image is two panels wide. */
    public static final int PANEL_WIDTH = 800;

    /** Height of the image in pixels. */
    public static final int PANEL_HEIGHT = 500;

    private CurvesChart() {}

    /**
     * Writes the chart as a PNG, atomically (a temporary file next to {@code png}, then a move), so
     * that a reader never sees half an image. Works without a display: sets {@code
     * java.awt.headless=true} when the property is unset.
     *
     * @param png the file to write
     * @param rows the epochs so far, in order
     * @param title the run, shown on both panels (e.g. "GMlp/ti16 on MNIST")
     * @throws IOException when the file cannot be written; the message is one line naming it
     */
    public static void write(Path png, List<EpochMetrics> rows, String title) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            // Before any AWT class asks: the trainer runs in terminals, CI and forked Maven JVMs.
            System.setProperty("java.awt.headless", "true");
        }
        List<XYChart> panels = List.of(
                panel(
                        title + ": loss",
                        "loss",
                        Styler.LegendPosition.InsideNE, // losses fall: the top right is free
                        rows,
                        List.of(
                                new Curve("train", EpochMetrics::trainLoss, 1),
                                new Curve("validation", EpochMetrics::valLoss, 1))),
                panel(
                        title + ": accuracy",
                        "accuracy (%)",
                        Styler.LegendPosition.InsideSE, // accuracies rise: the bottom right is free
                        rows,
                        List.of(
                                new Curve("top-1", EpochMetrics::top1, 100),
                                new Curve("top-5", EpochMetrics::top5, 100))));
        Path temp = png.resolveSibling(png.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                BitmapEncoder.saveBitmap(panels, 1, panels.size(), out, BitmapEncoder.BitmapFormat.PNG);
            }
            try {
                Files.move(temp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, png, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write the chart " + png + ": " + IoProblems.reason(e), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** One line of a panel: a metric of the rows, times {@code scale} (100 for a percentage). */
    private record Curve(String name, ToDoubleFunction<EpochMetrics> metric, double scale) {}

    private static XYChart panel(
            String title, String yTitle, Styler.LegendPosition legend, List<EpochMetrics> rows, List<Curve> curves) {
        XYChart chart = new XYChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yTitle)
                .build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(legend);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setMarkerSize(6);
        styler.setXAxisDecimalPattern("0.#");
        if (rows.size() > 1) {
            // The same epochs on both panels, even where validation ran only on some of them.
            styler.setXAxisMin((double) rows.get(0).epoch());
            styler.setXAxisMax((double) rows.get(rows.size() - 1).epoch());
        }
        boolean any = false;
        for (Curve curve : curves) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (EpochMetrics row : rows) {
                double y = curve.metric().applyAsDouble(row);
                if (Double.isFinite(y)) {
                    xs.add((double) row.epoch());
                    ys.add(y * curve.scale());
                }
            }
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(curve.name(), xs, ys);
                series.setMarker(SeriesMarkers.CIRCLE);
                any = true;
            }
        }
        if (!any) {
            // No validation: an empty frame whose title says why, not axes around -1..1.
            chart.setTitle(title + " (not measured)");
            styler.setLegendVisible(false);
            styler.setAxisTicksVisible(false);
        }
        return chart;
    }
}
