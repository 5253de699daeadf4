package dev.vmodel.runtime.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-line JSON a case runner prints per measurement, read and written the same way on both
 * sides of the process boundary: the DJL runner writes it, the PyTorch twin's {@code vmodel_bench}
 * writes the same fields, and the orchestrator reads both. A figure that does not apply (the heap
 * of a Python process, the loss of inference) is JSON {@code null}, read back as NaN.
 */
public final class MeasurementJson {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private MeasurementJson() {}

    /**
     * Writes a measurement as one JSON line.
     *
     * @param m the measurement
     * @param mode {@code train} or {@code infer}
     * @return the line, without a line break
     */
    public static String line(Measurement m, String mode) {
        JsonObject o = new JsonObject();
        o.addProperty("stack", m.stack());
        o.addProperty("mode", mode);
        o.addProperty("engine", m.engine());
        o.addProperty("threads", m.threads());
        o.addProperty("params", m.params());
        number(o, "imgPerS", m.imgPerS());
        o.add("windows", array(m.windows()));
        o.add("foreign", array(m.foreign()));
        number(o, "stepMsP50", m.stepMsP50());
        number(o, "stepMsP95", m.stepMsP95());
        o.addProperty("timedSteps", m.timedSteps());
        number(o, "rssPeakMb", m.rssPeakMb());
        number(o, "rssStartMb", m.rssStartMb());
        number(o, "rssEndMb", m.rssEndMb());
        number(o, "heapMb", m.heapMb());
        number(o, "lossFirst", m.lossFirst());
        number(o, "lossLast", m.lossLast());
        return GSON.toJson(o);
    }

    /**
     * Writes a matmul peak as one JSON line.
     *
     * @param stack the stack
     * @param engine the engine and version
     * @param threads intra-op threads
     * @param n the matrix size
     * @param gflops the measured peak
     * @return the line
     */
    public static String peakLine(String stack, String engine, int threads, int n, double gflops) {
        JsonObject o = new JsonObject();
        o.addProperty("stack", stack);
        o.addProperty("mode", "matmul");
        o.addProperty("engine", engine);
        o.addProperty("threads", threads);
        o.addProperty("n", n);
        number(o, "gflops", gflops);
        return GSON.toJson(o);
    }

    /**
     * Reads a line a runner printed.
     *
     * @param line one line of JSON
     * @return the object
     * @throws IllegalArgumentException when the line is not a JSON object with a {@code mode}
     */
    public static JsonObject parse(String line) {
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject() || !e.getAsJsonObject().has("mode")) {
                throw new IllegalArgumentException("not a measurement: " + abbreviate(line));
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(line), e);
        }
    }

    /**
     * Reads a measurement line back.
     *
     * @param o a parsed line whose mode is train or infer
     * @return the measurement
     * @throws IllegalArgumentException when a field is missing or of the wrong kind
     */
    public static Measurement measurement(JsonObject o) {
        try {
            return new Measurement(
                    o.get("stack").getAsString(),
                    o.get("engine").getAsString(),
                    o.get("threads").getAsInt(),
                    o.get("params").getAsLong(),
                    number(o, "imgPerS"),
                    list(o.getAsJsonArray("windows")),
                    list(o.getAsJsonArray("foreign")),
                    number(o, "stepMsP50"),
                    number(o, "stepMsP95"),
                    o.get("timedSteps").getAsLong(),
                    number(o, "rssPeakMb"),
                    number(o, "rssStartMb"),
                    number(o, "rssEndMb"),
                    number(o, "heapMb"),
                    number(o, "lossFirst"),
                    number(o, "lossLast"));
        } catch (NullPointerException | ClassCastException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    "a measurement line lacks a field or has one of the wrong kind: " + abbreviate(o.toString()));
        }
    }

    /**
     * Reads a number field; a missing field or {@code null} is NaN.
     *
     * @param o the object
     * @param key the field
     * @return the value or NaN
     */
    public static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static void number(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(key, v);
        } else {
            o.add(key, com.google.gson.JsonNull.INSTANCE);
        }
    }

    private static JsonArray array(List<Double> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static List<Double> list(JsonArray a) {
        List<Double> out = new ArrayList<>();
        a.forEach(e -> out.add(e.isJsonNull() ? Double.NaN : e.getAsDouble()));
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
