package dev.vmodel.runtime.bench.report;

import dev.vmodel.runtime.bench.BenchCase;
import dev.vmodel.runtime.bench.BenchmarkRun;
import dev.vmodel.runtime.bench.CaseResult;
import dev.vmodel.runtime.bench.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The benchmark table, one row per case, as fixed-width text for the terminal ({@link #terminal})
 * and as a Markdown document ({@link #markdown}): a header describing the run, the same table, and
 * a legend saying what each column is.
 *
 * <p>Columns: model, variant (with any param overrides), batch, mode, params; images per second of
 * each stack and their ratio (vmodel over PyTorch, {@code 1.23x}: above 1 the generated DJL model is
 * faster); the median and 95th percentile step latency of each stack ({@code 41.2/44.0} ms); the
 * achieved GFLOP/s of each stack and its share of that stack's own fp32 matmul peak ({@code 75.6
 * (37.8%)}); the peak resident memory of each stack; flags. A throughput that no clean run backs is
 * marked with {@value #NOISY_MARK} (and so is the ratio made from it), explained by a footnote and
 * named in the flags; a figure not measured (no twin, unknown cost) is {@value Formats#MISSING}. All
 * numbers are written with {@code Locale.ROOT}. Figures come from {@link StackSummary}.
 */
public final class BenchmarkTable {
    /** Marks a figure that no clean run backs. */
    public static final String NOISY_MARK = "*";

    /** The footnote of {@link #NOISY_MARK}. */
    static final String NOISY_FOOTNOTE = NOISY_MARK
            + " noisy: no run of that stack had a majority of clean windows (windows in which other"
            + " processes used less than " + percent(Measurement.CLEAN)
            + " of all CPUs); the figure is the median of all its runs and may be low.";

    /** A column: its name, and the group it belongs to (the stack columns under one figure). */
    private record Column(String group, String name, boolean numeric) {
        String markdownName() {
            return group == null ? name : name + " " + group;
        }
    }

    private static final String IMG = "img/s";
    private static final String STEP = "step p50/p95 ms";
    private static final String FLOPS = "GFLOP/s (% of peak)";
    private static final String RSS = "peak RSS MiB";
    private static final String VM = "vmodel";
    private static final String PT = "PyTorch";

    private static final List<Column> COLUMNS = List.of(
            new Column(null, "model", false),
            new Column(null, "variant", false),
            new Column(null, "batch", true),
            new Column(null, "mode", false),
            new Column(null, "params", true),
            new Column(IMG, VM, true),
            new Column(IMG, PT, true),
            new Column(null, "ratio", true),
            new Column(STEP, VM, true),
            new Column(STEP, PT, true),
            new Column(FLOPS, VM, true),
            new Column(FLOPS, PT, true),
            new Column(RSS, VM, true),
            new Column(RSS, PT, true),
            new Column(null, "flags", false));

    /** Between two columns of the terminal table. */
    private static final String GAP = "  ";

    private BenchmarkTable() {}

    /**
     * The table for a terminal: two header lines (the figure, then the stack), a rule, one line per
     * case, then the footnote of {@value #NOISY_MARK} and the cases' notes when there are any.
     * Columns are as wide as their widest cell; numbers are right-aligned, text left-aligned.
     *
     * @param run the run
     * @return the lines, each ending with {@code '\n'}
     */
    public static String terminal(BenchmarkRun run) {
        List<List<String>> rows = rows(run);
        int[] widths = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            widths[i] = COLUMNS.get(i).name().length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        widenForGroups(widths);
        StringBuilder out = new StringBuilder();
        out.append(groupLine(widths)).append('\n');
        List<String> names = COLUMNS.stream().map(Column::name).toList();
        out.append(line(names, widths)).append('\n');
        int total = GAP.length() * (widths.length - 1);
        for (int width : widths) {
            total += width;
        }
        out.append("-".repeat(total)).append('\n');
        for (List<String> row : rows) {
            out.append(line(row, widths)).append('\n');
        }
        for (String footnote : footnotes(run)) {
            out.append(footnote).append('\n');
        }
        return out.toString();
    }

    /**
     * The Markdown document: a title, the run (start, machine, threads, engines, both matmul peaks,
     * notes), the table, its footnotes, and a legend of the columns.
     *
     * @param run the run
     * @return the document, ending with {@code '\n'}
     */
    public static String markdown(BenchmarkRun run) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: vmodel vs PyTorch eager\n\n");
        md.append("- Started: ").append(run.startedAt()).append('\n');
        md.append("- Machine: ").append(run.machine()).append('\n');
        md.append("- Threads: ").append(run.threads()).append(" intra-op threads, both stacks\n");
        md.append("- Engines: vmodel ")
                .append(engines(run, Measurement.VMODEL))
                .append("; PyTorch twin ")
                .append(engines(run, Measurement.PYTORCH))
                .append('\n');
        md.append("- fp32 matmul peak (best of 2048x2048x2048 and 3072x3072x3072): vmodel ")
                .append(peak(run.vmodelPeakGflops()))
                .append(", PyTorch ")
                .append(peak(run.pytorchPeakGflops()))
                .append('\n');
        if (run.notes().isEmpty()) {
            md.append("- Notes: none\n");
        } else {
            md.append("- Notes:\n");
            for (String note : run.notes()) {
                md.append("  - ").append(note).append('\n');
            }
        }
        md.append('\n');
        md.append(markdownLine(COLUMNS.stream().map(Column::markdownName).toList()));
        md.append(markdownLine(
                COLUMNS.stream().map(c -> c.numeric() ? "---:" : "---").toList()));
        for (List<String> row : rows(run)) {
            md.append(markdownLine(row));
        }
        List<String> footnotes = footnotes(run);
        if (!footnotes.isEmpty()) {
            md.append('\n');
            for (String footnote : footnotes) {
                // A footnote line starts with the mark, which Markdown would read as a list item.
                md.append(footnote.startsWith(NOISY_MARK) ? "\\" + footnote : footnote)
                        .append("\n\n");
            }
            md.setLength(md.length() - 1);
        }
        md.append('\n');
        md.append("## Columns\n\n");
        md.append("- **img/s**: images per second of each stack. A run times ")
                .append("windows of steps; its figure is the median of its clean windows, those in which other ")
                .append("processes used less than ")
                .append(percent(Measurement.CLEAN))
                .append(" of all CPUs (foreign share < ")
                .append(Formats.fixed(Measurement.CLEAN, 2))
                .append("), or of all its windows when none is clean. ")
                .append("The stacks run alternately, several runs each; a stack's figure is the median over its ")
                .append("clean runs (those with a majority of clean windows), over all runs when none is clean.\n");
        md.append("- **ratio**: vmodel img/s over PyTorch img/s; above 1.00x the generated DJL model is faster.\n");
        md.append("- **step p50/p95 ms**: median and 95th percentile of the step latency over every timed step ")
                .append("of a run, in milliseconds; the median over the same runs as img/s.\n");
        md.append("- **GFLOP/s (% of peak)**: img/s times the FLOPs of one image, from the spec's static MACs: ")
                .append("forward = 2 x MACs, a training step (forward, backward, optimiser) = 3 x forward. ")
                .append("The percentage is of that stack's own fp32 matmul peak, measured in the same run.\n");
        md.append("- **peak RSS MiB**: the process's peak resident memory (VmHWM), the highest of its runs.\n");
        md.append("- **flags**: `noisy` when a stack's figure has no clean run behind it (also marked `")
                .append(NOISY_MARK)
                .append("`), `no twin` when the PyTorch twin was not run, `params differ` when the two models ")
                .append("do not have the same number of trainable parameters. `")
                .append(Formats.MISSING)
                .append("`: not measured.\n");
        return md.toString();
    }

    /** The cells of every case, in run order. */
    static List<List<String>> rows(BenchmarkRun run) {
        List<List<String>> rows = new ArrayList<>();
        for (CaseResult result : run.results()) {
            rows.add(cells(result, run));
        }
        return rows;
    }

    private static List<String> cells(CaseResult result, BenchmarkRun run) {
        BenchCase c = result.benchCase();
        StackSummary vm = StackSummary.vmodel(result, run.vmodelPeakGflops());
        StackSummary pt = StackSummary.pytorch(result, run.pytorchPeakGflops());
        long params = vm.present() ? vm.params() : pt.params();
        boolean eitherNoisy = vm.noisy() || pt.noisy();
        return List.of(
                c.model(),
                variant(c),
                Integer.toString(c.batch()),
                c.mode(),
                vm.present() || pt.present() ? Formats.params(params) : Formats.MISSING,
                marked(Formats.fixed(vm.imgPerS(), 1), vm.noisy()),
                marked(Formats.fixed(pt.imgPerS(), 1), pt.noisy()),
                marked(Formats.ratio(result.ratio()), eitherNoisy),
                steps(vm),
                steps(pt),
                flops(vm),
                flops(pt),
                Formats.fixed(vm.rssPeakMb(), 0),
                Formats.fixed(pt.rssPeakMb(), 0),
                flags(vm, pt));
    }

    /** The variant and its overrides: {@code small (depth=2, dim=64)}. */
    static String variant(BenchCase c) {
        if (c.overrides().isEmpty()) {
            return c.variant();
        }
        return c.variant() + " ("
                + c.overrides().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "))
                + ")";
    }

    private static String marked(String figure, boolean noisy) {
        return noisy && !figure.equals(Formats.MISSING) ? figure + NOISY_MARK : figure;
    }

    private static String steps(StackSummary stack) {
        if (!stack.present()) {
            return Formats.MISSING;
        }
        return Formats.fixed(stack.stepMsP50(), 1) + "/" + Formats.fixed(stack.stepMsP95(), 1);
    }

    private static String flops(StackSummary stack) {
        if (!Double.isFinite(stack.gflops())) {
            return Formats.MISSING;
        }
        if (!Double.isFinite(stack.peakShare())) {
            return Formats.fixed(stack.gflops(), 1);
        }
        return Formats.fixed(stack.gflops(), 1) + " (" + Formats.percent(stack.peakShare()) + ")";
    }

    private static String flags(StackSummary vm, StackSummary pt) {
        List<String> flags = new ArrayList<>();
        if (vm.noisy()) {
            flags.add("vmodel noisy");
        }
        if (pt.noisy()) {
            flags.add("PyTorch noisy");
        }
        if (!vm.present()) {
            flags.add("no vmodel");
        }
        if (!pt.present()) {
            flags.add("no twin");
        }
        if (vm.present() && pt.present() && vm.params() != pt.params()) {
            flags.add("params differ");
        }
        return String.join(", ", flags);
    }

    /** The footnote of the noisy mark when a figure carries it, then each case's note. */
    private static List<String> footnotes(BenchmarkRun run) {
        List<String> footnotes = new ArrayList<>();
        boolean anyNoisy =
                run.results().stream().anyMatch(r -> CaseResult.noisy(r.vmodel()) || CaseResult.noisy(r.pytorch()));
        if (anyNoisy) {
            footnotes.add(NOISY_FOOTNOTE);
        }
        for (CaseResult result : run.results()) {
            if (!result.note().isBlank()) {
                footnotes.add("Note on " + result.benchCase().label() + ": " + result.note());
            }
        }
        return footnotes;
    }

    private static String engines(BenchmarkRun run, String stack) {
        Set<String> engines = new LinkedHashSet<>();
        for (CaseResult result : run.results()) {
            List<Measurement> runs = stack.equals(Measurement.VMODEL) ? result.vmodel() : result.pytorch();
            runs.forEach(m -> engines.add(m.engine()));
        }
        return engines.isEmpty() ? "not run" : String.join(", ", engines);
    }

    private static String peak(double gflops) {
        return Double.isFinite(gflops) ? Formats.fixed(gflops, 1) + " GFLOP/s" : "not measured";
    }

    private static String percent(double share) {
        return Formats.fixed(100 * share, 0) + "%";
    }

    /** Makes each group's columns wide enough together for the group's name above them. */
    private static void widenForGroups(int[] widths) {
        for (Map.Entry<Integer, Integer> span : spans().entrySet()) {
            int first = span.getKey();
            int last = span.getValue();
            int width = (last - first) * GAP.length();
            for (int i = first; i <= last; i++) {
                width += widths[i];
            }
            int missing = COLUMNS.get(first).group().length() - width;
            if (missing > 0) {
                widths[last] += missing;
            }
        }
    }

    /** The first and last column of each group, by first column. */
    private static Map<Integer, Integer> spans() {
        Map<Integer, Integer> spans = new TreeMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            String group = COLUMNS.get(i).group();
            if (group == null) {
                continue;
            }
            int first = i;
            while (i + 1 < COLUMNS.size() && group.equals(COLUMNS.get(i + 1).group())) {
                i++;
            }
            spans.put(first, i);
        }
        return spans;
    }

    private static String groupLine(int[] widths) {
        StringBuilder line = new StringBuilder();
        Map<Integer, Integer> spans = spans();
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) {
                line.append(GAP);
            }
            Integer last = spans.get(i);
            if (last == null) {
                line.append(" ".repeat(widths[i]));
                continue;
            }
            int width = (last - i) * GAP.length();
            for (int j = i; j <= last; j++) {
                width += widths[j];
            }
            line.append(pad(COLUMNS.get(i).group(), width, false));
            i = last;
        }
        return line.toString().stripTrailing();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(GAP);
            }
            line.append(pad(cells.get(i), widths[i], COLUMNS.get(i).numeric()));
        }
        return line.toString().stripTrailing();
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }

    private static String markdownLine(List<String> cells) {
        return "| " + cells.stream().map(cell -> cell.replace("|", "\\|")).collect(Collectors.joining(" | ")) + " |\n";
    }
}
