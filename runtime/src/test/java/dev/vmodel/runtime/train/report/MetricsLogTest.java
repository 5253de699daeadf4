package dev.vmodel.runtime.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    private static final double NAN = Double.NaN;

    /** Epoch 1 without validation; epoch 2 with numbers that Java 17's toString would write longer. */
    private static final EpochMetrics FIRST =
            new EpochMetrics(1, 469, 2.302585092994046, NAN, NAN, NAN, 3e-4, 1234.5, 12.25);

    private static final EpochMetrics SECOND =
            new EpochMetrics(2, 938, 0.1 + 0.2, 0.25, 0.9375, 1.0, 1e-7, 3000.0, 11.5);

    private static final String FIRST_JSON = "{\"epoch\":1,\"step\":469,\"train_loss\":2.302585092994046,"
            + "\"val_loss\":null,\"top1\":null,\"top5\":null,\"lr\":0.0003,\"img_per_s\":1234.5,\"seconds\":12.25}\n";

    private static final String SECOND_JSON = "{\"epoch\":2,\"step\":938,\"train_loss\":0.30000000000000004,"
            + "\"val_loss\":0.25,\"top1\":0.9375,\"top5\":1,\"lr\":1E-7,\"img_per_s\":3000,\"seconds\":11.5}\n";

    private static final String CSV_TEXT = "epoch,step,train_loss,val_loss,top1,top5,lr,img_per_s,seconds\n"
            + "1,469,2.302585092994046,,,,0.0003,1234.5,12.25\n"
            + "2,938,0.30000000000000004,0.25,0.9375,1,1E-7,3000,11.5\n";

    @TempDir
    Path dir;

    @Test
    void writesTheRowsAsJsonLinesAndCsv() throws IOException {
        try (MetricsLog log = MetricsLog.open(dir, 1, false)) {
            log.append(FIRST);
            // Flushed at each append: the row is in the file before the log is closed.
            assertEquals(FIRST_JSON, read(MetricsLog.JSONL));
            log.append(SECOND);
        }
        assertEquals(FIRST_JSON + SECOND_JSON, read(MetricsLog.JSONL));
        assertEquals(CSV_TEXT, read(MetricsLog.CSV));
    }

    @Test
    void jsonLinesParseWithGsonAndKeepExactValues() throws IOException {
        writeBoth();
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.JSONL), StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(List.copyOf(MetricsLog.KEYS), List.copyOf(first.keySet()));
        assertTrue(first.get("val_loss").isJsonNull());
        assertEquals(469L, first.get("step").getAsLong());
        JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals(0.1 + 0.2, second.get("train_loss").getAsDouble());
        assertEquals(1e-7, second.get("lr").getAsDouble());
        assertEquals(List.of(FIRST, SECOND), MetricsLog.read(dir));
    }

    @Test
    void csvParsesWithCommonsCsvAndKeepsExactValues() throws IOException {
        writeBoth();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build();
        try (CSVParser parser = CSVParser.parse(new StringReader(read(MetricsLog.CSV)), format)) {
            assertEquals(MetricsLog.KEYS, parser.getHeaderNames());
            List<CSVRecord> records = parser.getRecords();
            assertEquals(2, records.size());
            assertEquals("", records.get(0).get("val_loss"));
            assertEquals(3e-4, Double.parseDouble(records.get(0).get("lr")));
            assertEquals(0.1 + 0.2, Double.parseDouble(records.get(1).get("train_loss")));
            assertEquals(938, Long.parseLong(records.get(1).get("step")));
        }
    }

    @Test
    void aResumedRunLeavesTheSameFilesAsAnUninterruptedOne() throws IOException {
        Path uninterrupted = dir.resolve("uninterrupted");
        try (MetricsLog log = MetricsLog.open(uninterrupted, 1, false)) {
            for (int epoch = 1; epoch <= 4; epoch++) {
                log.append(row(epoch, 0));
            }
        }
        Path resumed = dir.resolve("resumed");
        try (MetricsLog log = MetricsLog.open(resumed, 1, false)) {
            for (int epoch = 1; epoch <= 4; epoch++) {
                // Epochs 3 and 4 ran past the checkpoint of epoch 2 with other numbers, then the run died.
                log.append(row(epoch, epoch >= 3 ? 0.5 : 0));
            }
        }
        Files.writeString(resumed.resolve(MetricsLog.JSONL), "{\"epoch\":5,\"st", StandardOpenOption.APPEND);
        try (MetricsLog log = MetricsLog.open(resumed, 3, true)) {
            assertEquals(List.of(row(1, 0), row(2, 0)), MetricsLog.read(resumed));
            log.append(row(3, 0));
            log.append(row(4, 0));
        }
        for (String file : List.of(MetricsLog.JSONL, MetricsLog.CSV)) {
            assertArrayEquals(
                    Files.readAllBytes(uninterrupted.resolve(file)), Files.readAllBytes(resumed.resolve(file)), file);
        }
        assertEquals(4, MetricsLog.read(resumed).size());
        try (var files = Files.list(resumed)) {
            assertEquals(
                    List.of(MetricsLog.CSV, MetricsLog.JSONL),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
    }

    @Test
    void resumingWithoutEarlierLogsStartsThem() throws IOException {
        try (MetricsLog log = MetricsLog.open(dir, 3, true)) {
            log.append(SECOND);
        }
        assertEquals(List.of(SECOND), MetricsLog.read(dir));
    }

    @Test
    void aFreshRunReplacesEarlierLogs() throws IOException {
        writeBoth();
        try (MetricsLog log = MetricsLog.open(dir, 1, false)) {
            assertEquals(List.of(), MetricsLog.read(dir));
            assertEquals("epoch,step,train_loss,val_loss,top1,top5,lr,img_per_s,seconds\n", read(MetricsLog.CSV));
            log.append(FIRST);
        }
        assertEquals(FIRST_JSON, read(MetricsLog.JSONL));
    }

    @Test
    void readIgnoresALastLineTornByACrash() throws IOException {
        writeBoth();
        String torn = SECOND_JSON.substring(0, 40).replace("\"epoch\":2", "\"epoch\":3");
        Files.writeString(dir.resolve(MetricsLog.JSONL), torn, StandardOpenOption.APPEND);
        assertEquals(List.of(FIRST, SECOND), MetricsLog.read(dir));
    }

    @Test
    void aBrokenCompleteLineIsOneLineNamingTheFileAndLine() throws IOException {
        Files.writeString(dir.resolve(MetricsLog.JSONL), FIRST_JSON + "{\"epoch\":2,\n" + SECOND_JSON);
        IOException e = assertThrows(IOException.class, () -> MetricsLog.read(dir));
        assertEquals(dir.resolve(MetricsLog.JSONL) + " line 2: not valid JSON", e.getMessage());

        Files.writeString(dir.resolve(MetricsLog.JSONL), FIRST_JSON.replace("\"step\":469", "\"step\":\"x\""));
        e = assertThrows(IOException.class, () -> MetricsLog.read(dir));
        assertEquals(dir.resolve(MetricsLog.JSONL) + " line 1: step is not a number: \"x\"", e.getMessage());

        Files.writeString(dir.resolve(MetricsLog.JSONL), FIRST_JSON.replace("\"lr\":0.0003,", ""));
        e = assertThrows(IOException.class, () -> MetricsLog.read(dir));
        assertEquals(dir.resolve(MetricsLog.JSONL) + " line 1: no lr", e.getMessage());
    }

    @Test
    void readingAMissingLogSaysSo() {
        IOException e = assertThrows(IOException.class, () -> MetricsLog.read(dir));
        assertEquals(dir.resolve(MetricsLog.JSONL) + ": no such file", e.getMessage());
    }

    @Test
    void aFolderThatIsAFileIsOneClearLine() throws IOException {
        Path file = Files.writeString(dir.resolve("run"), "not a folder");
        IOException e = assertThrows(IOException.class, () -> MetricsLog.open(file, 1, false));
        assertEquals(
                "cannot write the metrics in " + file + ": " + file + " exists and is not a folder", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anEpochCannotBeLoggedTwice() throws IOException {
        try (MetricsLog log = MetricsLog.open(dir, 1, false)) {
            log.append(SECOND);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.append(FIRST));
            assertTrue(e.getMessage().startsWith("epoch 1 is already in "), e.getMessage());
        }
        assertEquals(List.of(SECOND), MetricsLog.read(dir));
    }

    private void writeBoth() throws IOException {
        try (MetricsLog log = MetricsLog.open(dir, 1, false)) {
            log.append(FIRST);
            log.append(SECOND);
        }
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    /** A row whose numbers follow from the epoch, shifted by {@code offset}. */
    private static EpochMetrics row(int epoch, double offset) {
        return new EpochMetrics(
                epoch,
                10L * epoch,
                2.0 / epoch + offset,
                2.5 / epoch + offset,
                0.1 * epoch,
                0.2 * epoch,
                1e-3 / epoch,
                500 + epoch,
                3 + offset);
    }
}
