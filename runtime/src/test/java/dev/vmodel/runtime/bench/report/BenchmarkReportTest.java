package dev.vmodel.runtime.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.bench.BenchmarkRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
    @TempDir
    Path dir;

    @Test
    void writesTheThreeFilesIntoANewFolder() throws IOException {
        BenchmarkRun run = SampleRun.run();
        Path report = dir.resolve("runs").resolve("bench-1");
        List<Path> written = BenchmarkReport.write(run, report);
        assertEquals(
                List.of(
                        report.resolve("benchmark.json"),
                        report.resolve("benchmark.md"),
                        report.resolve("benchmark.png")),
                written);
        try (Stream<Path> files = Files.list(report)) {
            assertEquals(Set.copyOf(written), files.collect(Collectors.toSet()), "nothing else, no temporary file");
        }
        assertEquals(run, BenchmarkJson.read(written.get(0)));
        // The train row, as worked out by hand in SampleRun.
        assertTrue(Files.readString(written.get(1))
                .contains("| GMlp | small | 16 | train | 5.87M | 21.0* | 14.5 | 1.45x* |"));
        assertEquals(
                2 * ThroughputChart.PANEL_WIDTH,
                ThroughputChartTest.readPng(written.get(2)).getWidth());
    }

    @Test
    void theFilesAreAsReadableAsAnyNewFile() throws IOException {
        // The umask decides, as for any file the user creates, not a temporary file's owner-only mode.
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path report = dir.resolve("report");
        for (Path file : BenchmarkReport.write(SampleRun.run(), report)) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file), file.toString());
        }
    }

    @Test
    void writingAgainReplacesTheReport() throws IOException {
        BenchmarkReport.write(SampleRun.run(), dir);
        BenchmarkRun second = new BenchmarkRun("later", "m", 1, 10, Double.NaN, List.of(), List.of());
        BenchmarkReport.write(second, dir);
        assertEquals(second, BenchmarkJson.read(dir.resolve(BenchmarkReport.JSON)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Path report = file.resolve("report");
        IOException e = assertThrows(IOException.class, () -> BenchmarkReport.write(SampleRun.run(), report));
        assertTrue(e.getMessage().startsWith("cannot create the report folder " + report + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aFolderTakenByAFileIsNamed() throws IOException {
        Path report = Files.writeString(dir.resolve("report"), "not a folder");
        IOException e = assertThrows(IOException.class, () -> BenchmarkReport.write(SampleRun.run(), report));
        assertEquals(
                "cannot create the report folder " + report + ": " + report + " exists and is not a folder",
                e.getMessage());
    }

    @Test
    void theTerminalTableIsTheTables() {
        BenchmarkRun run = SampleRun.run();
        assertEquals(BenchmarkTable.terminal(run), BenchmarkReport.terminalTable(run));
    }
}
