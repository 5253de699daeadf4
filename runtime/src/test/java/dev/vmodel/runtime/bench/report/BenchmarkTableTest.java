package dev.vmodel.runtime.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.bench.BenchmarkRun;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BenchmarkTableTest {
    /** The rows of the sample run, worked out by hand (see {@link SampleRun}). */
    private static final String TRAIN_ROW = "| GMlp | small | 16 | train | 5.87M | 21.0* | 14.5 | 1.45x*"
            // p50: median(1200, 1300); p95: median(1260, 1400) | PyTorch: median(1100, 1000), median(1150, 1200)
            + " | 1250.0/1330.0 | 1050.0/1175.0"
            + " | 75.6 (37.8%) | 52.2 (29.0%)"
            // peak RSS: the highest run, 820.6 and 700.2
            + " | 821 | 700 | vmodel noisy |";

    private static final String INFER_ROW = "| GMlp | tiny (depth=2) | 64 | infer | 1.20M | 320.0 | - | -"
            // the clean runs only: median(200, 190), median(230, 210); RSS of all three: 470.1
            + " | 195.0/220.0 | - | 25.6 (12.8%) | - | 470 | - | no twin |";

    private Locale defaultLocale;

    @BeforeEach
    void aLocaleWithADecimalComma() {
        defaultLocale = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restoreTheLocale() {
        Locale.setDefault(defaultLocale);
    }

    @Test
    void theMarkdownHoldsEachCaseRowWithItsFigures() {
        String md = BenchmarkTable.markdown(SampleRun.run());
        List<String> lines = md.lines().toList();
        assertTrue(lines.contains(TRAIN_ROW), md);
        assertTrue(lines.contains(INFER_ROW), md);
        int header = lines.indexOf("| model | variant | batch | mode | params | vmodel img/s | PyTorch img/s | ratio"
                + " | vmodel step p50/p95 ms | PyTorch step p50/p95 ms"
                + " | vmodel GFLOP/s (% of peak) | PyTorch GFLOP/s (% of peak)"
                + " | vmodel peak RSS MiB | PyTorch peak RSS MiB | flags |");
        assertTrue(header > 0, md);
        assertEquals(
                "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
                lines.get(header + 1));
        assertEquals(TRAIN_ROW, lines.get(header + 2), "rows in run order");
    }

    @Test
    void theMarkdownHeaderDescribesTheRun() {
        String md = BenchmarkTable.markdown(SampleRun.run());
        assertTrue(md.startsWith("# Benchmark: vmodel vs PyTorch eager\n"), md);
        assertTrue(md.contains("- Started: 2026-11-30T05:50:00Z\n"), md);
        assertTrue(md.contains("- Machine: AMD EPYC 7B13, 2 cores\n"), md);
        assertTrue(md.contains("- Threads: 2 "), md);
        assertTrue(md.contains("- Engines: vmodel PyTorch 2.7.1 (DJL 0.36.0); PyTorch twin torch 1.13.1\n"), md);
        assertTrue(md.contains("vmodel 200.0 GFLOP/s, PyTorch 180.0 GFLOP/s\n"), md);
        assertTrue(md.contains("  - the machine was never quiet for 2 s before GMlp small b16 train\n"), md);
        assertTrue(md.contains("\n\\* noisy: "), "the footnote of the mark, escaped: " + md);
        assertTrue(md.contains("Note on GMlp tiny {depth=2} b64 infer: twin skipped: torch missing"), md);
        assertTrue(md.contains("foreign share < 0.10"), md);
        assertTrue(md.contains("3 x forward"), md);
        assertTrue(md.contains("median of its clean windows"), md);
    }

    @Test
    void aRunWithoutTwinSaysSoInItsHeader() {
        BenchmarkRun run =
                new BenchmarkRun("t", "m", 1, 50.0, Double.NaN, List.of(SampleRun.inferCaseWithoutTwin()), List.of());
        String md = BenchmarkTable.markdown(run);
        assertTrue(md.contains("PyTorch twin not run\n"), md);
        assertTrue(md.contains("vmodel 50.0 GFLOP/s, PyTorch not measured\n"), md);
        assertTrue(md.contains("- Notes: none\n"), md);
        assertFalse(md.contains("noisy: "), "no footnote without a noisy figure: " + md);
        // 320 x 0.08 = 25.6 GFLOP/s, 51.2% of 50.
        assertTrue(md.contains(" | 25.6 (51.2%) | - | "), md);
    }

    @Test
    void theTerminalTableAlignsItsColumns() {
        String table = BenchmarkTable.terminal(SampleRun.run());
        List<String> lines = table.lines().toList();
        String groups = lines.get(0);
        String names = lines.get(1);
        String train = lines.get(3);
        String infer = lines.get(4);
        assertTrue(lines.get(2).matches("-+"), table);
        assertTrue(groups.contains("img/s") && groups.contains("peak RSS MiB"), table);
        assertTrue(names.startsWith("model"), table);
        // Numbers are right-aligned: the ratio ends where its header ends, on every line.
        int ratioEnd = names.indexOf("ratio") + "ratio".length();
        assertEquals(ratioEnd, train.indexOf("1.45x*") + "1.45x*".length(), table);
        assertEquals("  -  ", infer.substring(ratioEnd - 3, ratioEnd + 2), "the missing ratio: " + table);
        // Text is left-aligned: the variants start under their header.
        assertEquals(names.indexOf("variant"), train.indexOf("small"), table);
        assertEquals(names.indexOf("variant"), infer.indexOf("tiny (depth=2)"), table);
        // Locale.ROOT whatever the default: a decimal point, not a comma.
        assertTrue(train.contains("1250.0/1330.0") && train.contains("75.6 (37.8%)"), table);
        assertTrue(train.endsWith("vmodel noisy"), table);
        assertTrue(infer.endsWith("no twin"), table);
        assertTrue(lines.get(5).startsWith("* noisy: "), table);
        assertTrue(table.endsWith("Note on GMlp tiny {depth=2} b64 infer: twin skipped: torch missing\n"), table);
    }

    @Test
    void aRunWithoutCasesIsAHeaderOnly() {
        BenchmarkRun run = new BenchmarkRun("t", "m", 1, 50.0, Double.NaN, List.of(), List.of());
        assertEquals(3, BenchmarkTable.terminal(run).lines().count());
        assertTrue(BenchmarkTable.markdown(run).contains("| model | variant |"));
    }
}
