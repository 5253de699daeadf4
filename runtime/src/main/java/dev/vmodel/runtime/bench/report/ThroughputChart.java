package dev.vmodel.runtime.bench.report;

import dev.vmodel.runtime.bench.BenchCase;
import dev.vmodel.runtime.bench.BenchmarkRun;
import dev.vmodel.runtime.bench.CaseResult;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * {@code benchmark.png}: images per second of both stacks, case by case, as grouped bars, after
 * Figure 2 of the seed paper ("Throughput: vmodel vs PyTorch eager").
 *
 * <p>One panel per mode present (training, then inference), side by side, each {@value
 * #PANEL_WIDTH}×{@value #PANEL_HEIGHT} pixels, drawn with XChart headless (as the trainer's {@code
 * curves.png}). A category is a case, labelled with its model, variant and batch and the ratio of the
 * two stacks ({@code GMlp small b16 (1.31x)}, {@code noisy} added when a figure has no clean run
 * behind it, {@code no twin} instead when the twin was not run); each bar carries its value. A
 * panel's y axis is logarithmic when its values span more than {@value #LOG_SPAN}x, so that a tiny
 * model's bars still show next to a big one's.
 */
public final class ThroughputChart {
    /** Width of one panel in pixels; the image is one panel per mode wide. */
    public static final int PANEL_WIDTH = 800;

    /** Height of the image in pixels. */
    public static final int PANEL_HEIGHT = 500;

    /** The title of every panel, followed by the mode. */
    public static final String TITLE = "Throughput: vmodel vs PyTorch eager";

    /** The series of the generated DJL model. */
    public static final String VMODEL_SERIES = "vmodel (DJL)";

    /** The series of the PyTorch twin. */
    public static final String PYTORCH_SERIES = "PyTorch eager";

    /** Above this ratio of a panel's largest to its smallest value, its y axis is logarithmic. */
    static final double LOG_SPAN = 20;

    /** The modes in the order their panels appear; any other mode follows in run order. */
    private static final List<String> MODE_ORDER = List.of("train", "infer");

    private static final Color VMODEL_COLOUR = new Color(0x1f, 0x77, 0xb4);
    private static final Color PYTORCH_COLOUR = new Color(0xff, 0x7f, 0x0e);

    private ThroughputChart() {}

    /**
     * Writes the chart as a PNG, atomically. Works without a display: sets {@code
     * java.awt.headless=true} when the property is unset.
     *
     * @param run the run
     * @param png the file to write; its folder must exist
     * @throws IOException when it cannot be written; one line naming the file
     */
    public static void write(BenchmarkRun run, Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            // Before any AWT class asks: the benchmark runs in terminals, CI and forked Maven JVMs.
            System.setProperty("java.awt.headless", "true");
        }
        List<CategoryChart> panels = panels(run);
        AtomicFiles.write(
                png,
                "throughput chart",
                out -> BitmapEncoder.saveBitmap(panels, 1, panels.size(), out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * The modes of a run's cases, in panel order.
     *
     * @param run the run
     * @return e.g. {@code [train, infer]}; empty when the run has no case
     */
    public static List<String> modes(BenchmarkRun run) {
        Set<String> present = new LinkedHashSet<>();
        run.results().forEach(r -> present.add(r.benchCase().mode()));
        List<String> modes = new ArrayList<>(MODE_ORDER);
        modes.retainAll(present);
        present.stream().filter(m -> !modes.contains(m)).forEach(modes::add);
        return modes;
    }

    /** One panel per mode, in {@link #modes} order; one empty frame for a run without cases. */
    static List<CategoryChart> panels(BenchmarkRun run) {
        List<String> modes = modes(run);
        if (modes.isEmpty()) {
            return List.of(emptyPanel());
        }
        List<CategoryChart> panels = new ArrayList<>();
        for (String mode : modes) {
            panels.add(panel(
                    mode,
                    run.results().stream()
                            .filter(r -> r.benchCase().mode().equals(mode))
                            .toList()));
        }
        return panels;
    }

    private static CategoryChart panel(String mode, List<CaseResult> results) {
        CategoryChart chart = newChart(TITLE + " (" + mode + ")");
        List<String> categories = new ArrayList<>();
        List<Double> vmodel = new ArrayList<>();
        List<Double> pytorch = new ArrayList<>();
        for (CaseResult result : results) {
            categories.add(category(result));
            vmodel.add(bar(CaseResult.imgPerS(result.vmodel())));
            pytorch.add(bar(CaseResult.imgPerS(result.pytorch())));
        }
        CategoryStyler styler = chart.getStyler();
        double[] range = range(vmodel, pytorch);
        if (range[1] > LOG_SPAN * range[0]) {
            styler.setYAxisLogarithmic(true);
            // XChart starts bars at 0, which a log axis cannot show: start at the decade below instead.
            styler.setYAxisMin(Math.pow(10, Math.floor(Math.log10(range[0]))));
        }
        if (categories.size() > 3) {
            styler.setXAxisLabelRotation(20);
        }
        // A series without any bar would only add a legend entry for nothing (a run without the twin).
        if (vmodel.stream().anyMatch(v -> v != null)) {
            CategorySeries series = chart.addSeries(VMODEL_SERIES, categories, vmodel);
            series.setFillColor(VMODEL_COLOUR);
        }
        if (pytorch.stream().anyMatch(v -> v != null)) {
            CategorySeries series = chart.addSeries(PYTORCH_SERIES, categories, pytorch);
            series.setFillColor(PYTORCH_COLOUR);
        }
        if (chart.getSeriesMap().isEmpty()) {
            return emptyPanel(); // every run of this mode failed: XChart cannot lay out a chart without series
        }
        return chart;
    }

    /** A category's label: {@code GMlp small b16 (1.31x)}. */
    static String category(CaseResult result) {
        BenchCase c = result.benchCase();
        String name = c.model() + " " + BenchmarkTable.variant(c) + " b" + c.batch();
        if (result.pytorch().isEmpty()) {
            return name + " (no twin)";
        }
        if (result.vmodel().isEmpty()) {
            return name + " (no vmodel)";
        }
        boolean noisy = CaseResult.noisy(result.vmodel()) || CaseResult.noisy(result.pytorch());
        return name + " (" + Formats.ratio(result.ratio()) + (noisy ? ", noisy" : "") + ")";
    }

    /** A bar's height: null (no bar) for a figure that is missing or cannot be drawn on a log axis. */
    private static Double bar(double imgPerS) {
        return Double.isFinite(imgPerS) && imgPerS > 0 ? imgPerS : null;
    }

    /** The smallest and the largest bar; {@code [+inf, 0]} when there is none. */
    private static double[] range(List<Double> a, List<Double> b) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (List<Double> values : List.of(a, b)) {
            for (Double v : values) {
                if (v != null) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return new double[] {min, max};
    }

    private static CategoryChart newChart(String title) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(title)
                .xAxisTitle("case (vmodel/PyTorch ratio)")
                .yAxisTitle("images per second")
                .build();
        CategoryStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        // Below the plot, in one row: inside, it would hide the tallest bars, which can be anywhere.
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLabelsVisible(true);
        styler.setLabelsPosition(0.95);
        styler.setYAxisDecimalPattern("#,##0.#");
        return chart;
    }

    /** A run without cases: an empty frame whose title says so. */
    private static CategoryChart emptyPanel() {
        CategoryChart chart = newChart(TITLE + " (no cases)");
        // XChart cannot lay out a category axis without a series: one without any bar.
        chart.addSeries("none", List.of("no cases"), List.of(0));
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setAxisTicksVisible(false);
        return chart;
    }
}
