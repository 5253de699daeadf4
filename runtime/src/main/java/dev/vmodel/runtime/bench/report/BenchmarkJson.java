package dev.vmodel.runtime.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import dev.vmodel.runtime.IoProblems;
import dev.vmodel.runtime.bench.BenchCase;
import dev.vmodel.runtime.bench.BenchmarkRun;
import dev.vmodel.runtime.bench.CaseResult;
import dev.vmodel.runtime.bench.Measurement;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code benchmark.json}: a whole {@link BenchmarkRun}, for programs (plots, comparisons between
 * machines) and for reading a run back.
 *
 * <p>The file is one object: {@code format} (1), the run's fields under their record names
 * ({@code startedAt, machine, threads, vmodelPeakGflops, pytorchPeakGflops, notes}) and {@code
 * results}, one object per case with {@code case} (the {@link BenchCase}), {@code fwdGflopPerImage},
 * {@code note}, the runs of each stack under {@code vmodel} and {@code pytorch} (each a {@link
 * Measurement} with its record names, as the runners print them), and the figures the report shows,
 * so that a reader need not recompute them: {@code vmodelImgPerS, pytorchImgPerS, ratio,
 * vmodelGflops, pytorchGflops, vmodelPeakShare, pytorchPeakShare, vmodelNoisy, pytorchNoisy}
 * (see {@link StackSummary}). {@link #read} ignores those and recomputes them from the runs.
 *
 * <p>JSON has no NaN: a number that is not finite (a figure not measured) is written as {@code null}
 * and read back as NaN. Other numbers are written as {@link Double#toString} writes them, which reads
 * back as the same double, so a run read back equals the run written. UTF-8, indented two spaces.
 */
public final class BenchmarkJson {
    /** The version of the layout written, checked when reading. */
    public static final int FORMAT = 1;

    private BenchmarkJson() {}

    /**
     * Writes a run, atomically.
     *
     * @param run the run
     * @param file the file to write; its folder must exist
     * @throws IOException when it cannot be written; one line naming the file
     */
    public static void write(BenchmarkRun run, Path file) throws IOException {
        AtomicFiles.write(file, "benchmark JSON", out -> {
            Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            JsonWriter json = new JsonWriter(text);
            json.setIndent("  ");
            writeRun(json, run);
            json.flush();
            text.write('\n');
            text.flush();
        });
    }

    /**
     * Reads a run written by {@link #write}.
     *
     * @param file the file
     * @return the run, equal to the one written
     * @throws IOException when it cannot be read or is not such a file; one line naming it and why
     */
    public static BenchmarkRun read(Path file) throws IOException {
        JsonElement root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(in);
        } catch (IOException e) {
            throw new IOException("cannot read the benchmark JSON " + file + ": " + IoProblems.reason(e), e);
        } catch (JsonParseException e) {
            throw new IOException("the benchmark JSON " + file + " is not valid JSON: " + firstLine(e), e);
        }
        try {
            return readRun(Node.root(root));
        } catch (IllegalArgumentException e) {
            throw new IOException("the benchmark JSON " + file + " is not a benchmark run: " + e.getMessage(), e);
        }
    }

    private static void writeRun(JsonWriter json, BenchmarkRun run) throws IOException {
        json.beginObject();
        json.name("format").value(FORMAT);
        json.name("startedAt").value(run.startedAt());
        json.name("machine").value(run.machine());
        json.name("threads").value(run.threads());
        number(json.name("vmodelPeakGflops"), run.vmodelPeakGflops());
        number(json.name("pytorchPeakGflops"), run.pytorchPeakGflops());
        json.name("notes").beginArray();
        for (String note : run.notes()) {
            json.value(note);
        }
        json.endArray();
        json.name("results").beginArray();
        for (CaseResult result : run.results()) {
            writeResult(json, result, run);
        }
        json.endArray();
        json.endObject();
    }

    private static void writeResult(JsonWriter json, CaseResult result, BenchmarkRun run) throws IOException {
        StackSummary vmodel = StackSummary.vmodel(result, run.vmodelPeakGflops());
        StackSummary pytorch = StackSummary.pytorch(result, run.pytorchPeakGflops());
        BenchCase c = result.benchCase();
        json.beginObject();
        json.name("case").beginObject();
        json.name("model").value(c.model());
        json.name("variant").value(c.variant());
        json.name("overrides").beginObject();
        for (Map.Entry<String, String> override : c.overrides().entrySet()) {
            json.name(override.getKey()).value(override.getValue());
        }
        json.endObject();
        json.name("batch").value(c.batch());
        json.name("mode").value(c.mode());
        json.endObject();
        number(json.name("fwdGflopPerImage"), result.fwdGflopPerImage());
        json.name("note").value(result.note());
        number(json.name("vmodelImgPerS"), vmodel.imgPerS());
        number(json.name("pytorchImgPerS"), pytorch.imgPerS());
        number(json.name("ratio"), result.ratio());
        number(json.name("vmodelGflops"), vmodel.gflops());
        number(json.name("pytorchGflops"), pytorch.gflops());
        number(json.name("vmodelPeakShare"), vmodel.peakShare());
        number(json.name("pytorchPeakShare"), pytorch.peakShare());
        json.name("vmodelNoisy").value(vmodel.noisy());
        json.name("pytorchNoisy").value(pytorch.noisy());
        writeRuns(json.name(Measurement.VMODEL), result.vmodel());
        writeRuns(json.name(Measurement.PYTORCH), result.pytorch());
        json.endObject();
    }

    private static void writeRuns(JsonWriter json, List<Measurement> runs) throws IOException {
        json.beginArray();
        for (Measurement m : runs) {
            json.beginObject();
            json.name("stack").value(m.stack());
            json.name("engine").value(m.engine());
            json.name("threads").value(m.threads());
            json.name("params").value(m.params());
            number(json.name("imgPerS"), m.imgPerS());
            numbers(json.name("windows"), m.windows());
            numbers(json.name("foreign"), m.foreign());
            number(json.name("stepMsP50"), m.stepMsP50());
            number(json.name("stepMsP95"), m.stepMsP95());
            json.name("timedSteps").value(m.timedSteps());
            number(json.name("rssPeakMb"), m.rssPeakMb());
            number(json.name("rssStartMb"), m.rssStartMb());
            number(json.name("rssEndMb"), m.rssEndMb());
            number(json.name("heapMb"), m.heapMb());
            number(json.name("lossFirst"), m.lossFirst());
            number(json.name("lossLast"), m.lossLast());
            json.endObject();
        }
        json.endArray();
    }

    private static void number(JsonWriter json, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.value(value);
        } else {
            json.nullValue();
        }
    }

    private static void numbers(JsonWriter json, List<Double> values) throws IOException {
        json.beginArray();
        for (Double value : values) {
            number(json, value == null ? Double.NaN : value);
        }
        json.endArray();
    }

    private static BenchmarkRun readRun(Node root) {
        int format = root.integer("format");
        if (format != FORMAT) {
            throw new IllegalArgumentException("format " + format + ", this version reads format " + FORMAT);
        }
        List<CaseResult> results = new ArrayList<>();
        for (Node result : root.objects("results")) {
            results.add(readResult(result));
        }
        return new BenchmarkRun(
                root.string("startedAt"),
                root.string("machine"),
                root.integer("threads"),
                root.number("vmodelPeakGflops"),
                root.number("pytorchPeakGflops"),
                List.copyOf(results),
                root.strings("notes"));
    }

    private static CaseResult readResult(Node result) {
        Node c = result.object("case");
        BenchCase benchCase = new BenchCase(
                c.string("model"), c.string("variant"), c.stringMap("overrides"), c.integer("batch"), c.string("mode"));
        return new CaseResult(
                benchCase,
                result.number("fwdGflopPerImage"),
                readRuns(result, Measurement.VMODEL),
                readRuns(result, Measurement.PYTORCH),
                result.string("note"));
    }

    private static List<Measurement> readRuns(Node result, String stack) {
        List<Measurement> runs = new ArrayList<>();
        for (Node m : result.objects(stack)) {
            runs.add(new Measurement(
                    m.string("stack"),
                    m.string("engine"),
                    m.integer("threads"),
                    m.longInteger("params"),
                    m.number("imgPerS"),
                    m.numbers("windows"),
                    m.numbers("foreign"),
                    m.number("stepMsP50"),
                    m.number("stepMsP95"),
                    m.longInteger("timedSteps"),
                    m.number("rssPeakMb"),
                    m.number("rssStartMb"),
                    m.number("rssEndMb"),
                    m.number("heapMb"),
                    m.number("lossFirst"),
                    m.number("lossLast")));
        }
        return List.copyOf(runs);
    }

    private static String firstLine(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /**
     * A JSON object being read and where it is in the file ({@code results[1].vmodel[0]}), so that a
     * missing or mistyped key is reported with its place: {@code results[1].vmodel[0].imgPerS: not a
     * number}.
     */
    private record Node(JsonObject json, String where) {
        static Node root(JsonElement element) {
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return new Node(element.getAsJsonObject(), "");
        }

        private String at(String key) {
            return where.isEmpty() ? key : where + "." + key;
        }

        private JsonElement get(String key) {
            JsonElement value = json.get(key);
            if (value == null) {
                throw new IllegalArgumentException(at(key) + ": missing");
            }
            return value;
        }

        String string(String key) {
            JsonElement value = get(key);
            if (!(value instanceof JsonPrimitive p && p.isString())) {
                throw new IllegalArgumentException(at(key) + ": not a string");
            }
            return p.getAsString();
        }

        /** A number, or NaN where the file has {@code null}. */
        double number(String key) {
            return number(get(key), at(key));
        }

        int integer(String key) {
            long value = longInteger(key);
            if (value != (int) value) {
                throw new IllegalArgumentException(at(key) + ": out of range: " + value);
            }
            return (int) value;
        }

        long longInteger(String key) {
            JsonElement value = get(key);
            if (!(value instanceof JsonPrimitive p && p.isNumber())) {
                throw new IllegalArgumentException(at(key) + ": not a whole number");
            }
            try {
                return p.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException(at(key) + ": not a whole number: " + p.getAsString());
            }
        }

        List<Double> numbers(String key) {
            JsonArray array = array(key);
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                values.add(number(array.get(i), at(key) + "[" + i + "]"));
            }
            return List.copyOf(values);
        }

        List<String> strings(String key) {
            JsonArray array = array(key);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof JsonPrimitive p && p.isString())) {
                    throw new IllegalArgumentException(at(key) + "[" + i + "]: not a string");
                }
                values.add(p.getAsString());
            }
            return List.copyOf(values);
        }

        /** An object of strings, in file order. */
        Map<String, String> stringMap(String key) {
            Node object = object(key);
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : object.json().keySet()) {
                values.put(name, object.string(name));
            }
            return values;
        }

        Node object(String key) {
            JsonElement value = get(key);
            if (!value.isJsonObject()) {
                throw new IllegalArgumentException(at(key) + ": not an object");
            }
            return new Node(value.getAsJsonObject(), at(key));
        }

        List<Node> objects(String key) {
            JsonArray array = array(key);
            List<Node> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                String place = at(key) + "[" + i + "]";
                if (!array.get(i).isJsonObject()) {
                    throw new IllegalArgumentException(place + ": not an object");
                }
                values.add(new Node(array.get(i).getAsJsonObject(), place));
            }
            return values;
        }

        private JsonArray array(String key) {
            JsonElement value = get(key);
            if (!value.isJsonArray()) {
                throw new IllegalArgumentException(at(key) + ": not a list");
            }
            return value.getAsJsonArray();
        }

        private static double number(JsonElement value, String place) {
            if (value.isJsonNull()) {
                return Double.NaN;
            }
            if (!(value instanceof JsonPrimitive p && p.isNumber())) {
                throw new IllegalArgumentException(place + ": not a number");
            }
            return p.getAsDouble();
        }
    }
}
