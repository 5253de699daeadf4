package dev.vmodel.runtime.train.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import dev.vmodel.runtime.IoProblems;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code metrics.jsonl} and {@code metrics.csv} in a run folder, one row per epoch.
 *
 * <p>Both files hold the same rows with the same keys, in this order: {@code epoch, step,
 * train_loss, val_loss, top1, top5, lr, img_per_s, seconds}. JSON lines (written and read with Gson,
 * which DJL already brings) are for programs: one object per line, a value that is not finite (NaN
 * when there is no validation) written as {@code null}. The CSV (Commons CSV, so that quoting
 * follows RFC 4180 without a hand-written writer) is for spreadsheets: a header row, and an empty
 * cell where JSON has {@code null}. Numbers are the shortest decimals that read back as the same
 * double ({@code 0.0003}, {@code 0.30000000000000004}), so a row read back equals the row written.
 * Both files are UTF-8 with {@code '\n'} line ends.
 *
 * <p>Each {@link #append} writes one whole line to each file and forces them to disk, so a crash
 * loses at most the epoch in progress; a line torn by a crash is ignored by {@link #read}. Not
 * thread-safe: the trainer appends from one thread.
 */
public final class MetricsLog implements AutoCloseable {
    /** The JSON lines file in a run folder. */
    public static final String JSONL = "metrics.jsonl";

    /** The CSV file in a run folder. */
    public static final String CSV = "metrics.csv";

    /** The keys of a row, in file order: JSON keys and CSV header. */
    static final List<String> KEYS =
            List.of("epoch", "step", "train_loss", "val_loss", "top1", "top5", "lr", "img_per_s", "seconds");

    private static final CSVFormat CSV_FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private final Path jsonlPath;
    private final Path csvPath;
    private final FileChannel jsonl;
    private final FileChannel csv;
    /** The rows in the files: those kept from before a resume, then those appended. */
    private final List<EpochMetrics> rows;

    private boolean closed;

    private MetricsLog(Path jsonlPath, Path csvPath, FileChannel jsonl, FileChannel csv, List<EpochMetrics> kept) {
        this.jsonlPath = jsonlPath;
        this.csvPath = csvPath;
        this.jsonl = jsonl;
        this.csv = csv;
        this.rows = new ArrayList<>(kept);
    }

    /**
     * Opens the logs in {@code dir} for appending, creating the folder if needed.
     *
     * <p>When resuming at {@code firstEpoch}, rows of epochs {@code >= firstEpoch} already in the
     * files (written after the checkpoint the run resumes from) are dropped first, and a torn last
     * line with them, rewriting both files atomically from the rows of {@code metrics.jsonl}, so that a
     * resumed run's logs equal an uninterrupted run's byte for byte. When not resuming, existing
     * files are replaced (atomically too: the old logs stay until the new ones exist).
     *
     * @param dir the run folder
     * @param firstEpoch the first epoch this run will append (from 1)
     * @param resume whether the run continues an earlier one in the same folder
     * @return the open logs
     * @throws IOException when the folder cannot be written, or (resuming) {@code metrics.jsonl} is
     *     malformed; the message is one line naming the file
     */
    public static MetricsLog open(Path dir, int firstEpoch, boolean resume) throws IOException {
        if (firstEpoch < 1) {
            throw new IllegalArgumentException("firstEpoch must be at least 1, got " + firstEpoch);
        }
        Path jsonlPath = dir.resolve(JSONL);
        Path csvPath = dir.resolve(CSV);
        List<EpochMetrics> kept = new ArrayList<>();
        if (resume && Files.exists(jsonlPath)) {
            for (EpochMetrics row : read(dir)) {
                if (row.epoch() < firstEpoch) {
                    kept.add(row);
                }
            }
        }
        try {
            Files.createDirectories(dir);
            StringBuilder jsonlText = new StringBuilder();
            StringBuilder csvText = new StringBuilder(csvLine(KEYS));
            for (EpochMetrics row : kept) {
                jsonlText.append(jsonLine(row));
                csvText.append(csvLine(row));
            }
            replace(jsonlPath, jsonlText);
            replace(csvPath, csvText);
            FileChannel jsonl = FileChannel.open(jsonlPath, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            FileChannel csv;
            try {
                csv = FileChannel.open(csvPath, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                jsonl.close();
                throw e;
            }
            return new MetricsLog(jsonlPath, csvPath, jsonl, csv, kept);
        } catch (IOException e) {
            throw new IOException("cannot write the metrics in " + dir + ": " + IoProblems.reason(e), e);
        }
    }

    /**
     * Appends one row to both files and forces them to disk (a crash loses at most the current
     * epoch).
     *
     * @param m the metrics of the epoch just finished; its epoch must follow the last one logged
     * @throws IOException when a file cannot be written
     */
    public void append(EpochMetrics m) throws IOException {
        if (closed) {
            throw new IllegalStateException("the metrics log of " + jsonlPath.getParent() + " is closed");
        }
        int lastEpoch = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).epoch();
        if (m.epoch() <= lastEpoch) {
            throw new IllegalArgumentException(
                    "epoch " + m.epoch() + " is already in " + jsonlPath + " (last epoch " + lastEpoch + ")");
        }
        writeLine(jsonl, jsonlPath, jsonLine(m));
        writeLine(csv, csvPath, csvLine(m));
        rows.add(m);
    }

    /**
     * Returns the rows the files hold now: those kept from before a resume, then those appended
     * (what {@link CurvesChart} draws).
     *
     * @return the rows, in epoch order, unmodifiable
     */
    public List<EpochMetrics> rows() {
        return List.copyOf(rows);
    }

    /**
     * Reads {@code metrics.jsonl} back. A last line without its line end was torn by a crash during
     * {@link #append} and is ignored; blank lines are skipped.
     *
     * @param dir the run folder
     * @return the rows, in file order
     * @throws IOException when the file is missing or a complete line is not a metrics row; the
     *     message is one line naming the file and the line
     */
    public static List<EpochMetrics> read(Path dir) throws IOException {
        Path path = dir.resolve(JSONL);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(path + ": no such file", e);
        } catch (IOException e) {
            throw new IOException(IoProblems.reason(e), e);
        }
        List<EpochMetrics> rows = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            lineNumber++;
            String line = text.substring(start, end);
            start = end + 1;
            if (!line.isBlank()) {
                rows.add(parse(line, path, lineNumber));
            }
        }
        return rows;
    }

    /** Closes both files; calling it again does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel a = jsonl;
                FileChannel b = csv) {
            // try-with-resources closes both, even when the first close fails
        }
    }

    private static EpochMetrics parse(String line, Path path, int lineNumber) throws IOException {
        String where = path + " line " + lineNumber + ": ";
        JsonObject row;
        try {
            JsonElement element = JsonParser.parseString(line);
            if (!element.isJsonObject()) {
                throw new IOException(where + "not a JSON object");
            }
            row = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(where + "not valid JSON", e);
        }
        return new EpochMetrics(
                (int) whole(row, "epoch", 1, Integer.MAX_VALUE, where),
                whole(row, "step", 0, Long.MAX_VALUE, where),
                real(row, "train_loss", where),
                real(row, "val_loss", where),
                real(row, "top1", where),
                real(row, "top5", where),
                real(row, "lr", where),
                real(row, "img_per_s", where),
                real(row, "seconds", where));
    }

    private static long whole(JsonObject row, String key, long min, long max, String where) throws IOException {
        JsonPrimitive value = number(row, key, where);
        if (value == null) {
            throw new IOException(where + key + " is null");
        }
        long n;
        try {
            n = Long.parseLong(value.getAsString());
        } catch (NumberFormatException e) {
            throw new IOException(where + key + " is not a whole number: " + value.getAsString(), e);
        }
        if (n < min || n > max) {
            throw new IOException(where + key + " is out of range: " + n);
        }
        return n;
    }

    private static double real(JsonObject row, String key, String where) throws IOException {
        JsonPrimitive value = number(row, key, where);
        // Gson keeps the number's text and parses it with Double.parseDouble: the exact double written.
        return value == null ? Double.NaN : value.getAsDouble();
    }

    /** The number under {@code key}, or null for a JSON null. */
    private static JsonPrimitive number(JsonObject row, String key, String where) throws IOException {
        JsonElement value = row.get(key);
        if (value == null) {
            throw new IOException(where + "no " + key);
        }
        if (value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IOException(where + key + " is not a number: " + value);
        }
        return value.getAsJsonPrimitive();
    }

    static String jsonLine(EpochMetrics m) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.setSerializeNulls(true);
            json.beginObject();
            json.name("epoch").value(m.epoch());
            json.name("step").value(m.step());
            json.name("train_loss").value(decimal(m.trainLoss()));
            json.name("val_loss").value(decimal(m.valLoss()));
            json.name("top1").value(decimal(m.top1()));
            json.name("top5").value(decimal(m.top5()));
            json.name("lr").value(decimal(m.lr()));
            json.name("img_per_s").value(decimal(m.imagesPerSecond()));
            json.name("seconds").value(decimal(m.seconds()));
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.append('\n').toString();
    }

    static String csvLine(EpochMetrics m) {
        return csvLine(List.of(
                Integer.toString(m.epoch()),
                Long.toString(m.step()),
                cell(m.trainLoss()),
                cell(m.valLoss()),
                cell(m.top1()),
                cell(m.top5()),
                cell(m.lr()),
                cell(m.imagesPerSecond()),
                cell(m.seconds())));
    }

    private static String csvLine(List<String> cells) {
        StringBuilder text = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(text, CSV_FORMAT)) {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return text.toString();
    }

    /** The shortest decimal, or null (JSON null) for NaN and infinities, which JSON cannot hold. */
    private static BigDecimal decimal(double value) {
        return Double.isFinite(value) ? Decimals.shortest(value) : null;
    }

    private static String cell(double value) {
        return Double.isFinite(value) ? Decimals.shortest(value).toString() : "";
    }

    private static void writeLine(FileChannel channel, Path path, String line) throws IOException {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new IOException("cannot write " + path + ": " + IoProblems.reason(e), e);
        }
    }

    /** Writes {@code text} next to {@code target}, then moves it over {@code target}. */
    private static void replace(Path target, CharSequence text) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(false);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
