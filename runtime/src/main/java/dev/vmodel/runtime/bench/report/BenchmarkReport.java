package dev.vmodel.runtime.bench.report;

import dev.vmodel.runtime.IoProblems;
import dev.vmodel.runtime.bench.BenchmarkRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report of a benchmark run: the one entry point of the orchestrator. {@link #write} leaves
 * {@value #JSON} ({@link BenchmarkJson}), {@value #MARKDOWN} ({@link BenchmarkTable#markdown}) and
 * {@value #CHART} ({@link ThroughputChart}) in a folder, each written atomically; {@link
 * #terminalTable} is the table to print when the run ends.
 */
public final class BenchmarkReport {
    /** Every measurement and the derived figures, for programs. */
    public static final String JSON = "benchmark.json";

    /** The table with its header and legend, for people. */
    public static final String MARKDOWN = "benchmark.md";

    /** The throughput chart. */
    public static final String CHART = "benchmark.png";

    private BenchmarkReport() {}

    /**
     * Writes the three report files into {@code dir}, creating it (and its parents) when needed.
     *
     * @param run the run
     * @param dir the report folder
     * @return the files written: JSON, Markdown, PNG
     * @throws IOException when the folder or a file cannot be written; one line naming it and why
     */
    public static List<Path> write(BenchmarkRun run, Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the report folder " + dir + ": " + IoProblems.reason(e), e);
        }
        Path json = dir.resolve(JSON);
        Path markdown = dir.resolve(MARKDOWN);
        Path chart = dir.resolve(CHART);
        BenchmarkJson.write(run, json);
        String text = BenchmarkTable.markdown(run);
        AtomicFiles.write(markdown, "benchmark table", out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        ThroughputChart.write(run, chart);
        return List.of(json, markdown, chart);
    }

    /**
     * The table to print in a terminal ({@link BenchmarkTable#terminal}).
     *
     * @param run the run
     * @return the lines, each ending with {@code '\n'}
     */
    public static String terminalTable(BenchmarkRun run) {
        return BenchmarkTable.terminal(run);
    }
}
