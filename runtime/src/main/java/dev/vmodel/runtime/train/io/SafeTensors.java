package dev.vmodel.runtime.train.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (<a href="https://huggingface.co/docs/safetensors">huggingface.co/docs/safetensors</a>):
 * an 8-byte little-endian header length {@code N}, a UTF-8 JSON header of {@code N} bytes ({@code
 * {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}}, offsets
 * relative to the end of the header), padded with spaces so that the data starts 8-byte aligned,
 * then the raw little-endian data of every tensor, with neither holes nor overlaps.
 *
 * <p>The writer writes the header compact, {@code __metadata__} first (left out when empty), then
 * the tensors in the map's order, with their data in the same order; PyTorch's {@code
 * safetensors.torch.load_file} and DJL's {@code NDList.decode} read what it writes. The reader
 * accepts any order and padding the format allows, and checks everything the reference
 * implementation checks. Supported dtypes: {@code F64 F32 F16 I64 I32 I8 U8 BOOL}; DJL 0.36's PyTorch
 * engine cannot create BF16 or I16 arrays (it aborts the process), so files holding them are
 * refused with a one-line error.
 */
public final class SafeTensors {

    /** The reserved header key of the string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** The reference implementation's bound on the header, against hostile files. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private static final Map<DataType, String> NAMES = new LinkedHashMap<>();
    private static final Map<String, DataType> TYPES = new LinkedHashMap<>();

    static {
        name(DataType.FLOAT64, "F64");
        name(DataType.FLOAT32, "F32");
        name(DataType.FLOAT16, "F16");
        // No BF16 and I16: DJL 0.36's PyTorch engine aborts the JVM when it makes such an array.
        name(DataType.INT64, "I64");
        name(DataType.INT32, "I32");
        name(DataType.INT8, "I8");
        name(DataType.UINT8, "U8");
        name(DataType.BOOLEAN, "BOOL");
    }

    private SafeTensors() {}

    private static void name(DataType type, String name) {
        NAMES.put(type, name);
        TYPES.put(name, type);
    }

    /**
     * What a file holds.
     *
     * @param tensors the tensors by name, in header order, owned by the manager given to {@link
     *     #read}
     * @param metadata the {@code __metadata__} entries, empty if the file has none
     */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {}

    /**
     * Writes tensors and metadata atomically: to a temp file in the same folder, flushed to disk,
     * then moved over {@code file} in one step. On any failure the temp file is deleted and {@code
     * file} is left as it was.
     *
     * @param file the file to write
     * @param tensors the tensors by name, written in this order; names must not be empty or {@value
     *     #METADATA_KEY}
     * @param metadata string metadata, stored under {@value #METADATA_KEY}
     * @throws IOException if the file cannot be written or a tensor's data cannot be read, with a
     *     one-line message naming the file
     * @throws IllegalArgumentException for a bad name or a dtype safetensors cannot hold
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        // The whole header is built, and every name and dtype checked, before the disk is touched.
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach((k, v) -> meta.addProperty(k, v));
            header.add(METADATA_KEY, meta);
        }
        List<NDArray> arrays = new ArrayList<>(tensors.size());
        List<Long> sizes = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("cannot write " + file + ": bad tensor name '" + name + "'");
            }
            NDArray array = e.getValue();
            String dtype = NAMES.get(array.getDataType());
            if (dtype == null) {
                throw new IllegalArgumentException("cannot write " + file + ": tensor " + name + " is "
                        + array.getDataType() + ", which safetensors (as written here) cannot hold");
            }
            long bytes = array.getShape().size() * array.getDataType().getNumOfBytes();
            JsonObject info = new JsonObject();
            info.addProperty("dtype", dtype);
            JsonArray shape = new JsonArray();
            for (long d : array.getShape().getShape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            info.add("data_offsets", offsets);
            header.add(name, info);
            arrays.add(array);
            sizes.add(bytes);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + reason(e), e);
        }
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeFully(out, head);
                int i = 0;
                for (String name : tensors.keySet()) {
                    ByteBuffer data;
                    try {
                        data = littleEndian(
                                arrays.get(i).toByteBuffer(), arrays.get(i).getDataType());
                    } catch (RuntimeException e) {
                        throw new IOException(
                                "cannot write " + file + ": data of tensor " + name + " cannot be read: "
                                        + e.getMessage(),
                                e);
                    }
                    if (data.remaining() != sizes.get(i)) {
                        throw new IOException("cannot write " + file + ": tensor " + name + " gave " + data.remaining()
                                + " bytes, expected " + sizes.get(i));
                    }
                    writeFully(out, data);
                    i++;
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("cannot write ")) {
                throw e;
            }
            throw new IOException("cannot write " + file + ": " + reason(e), e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable where the platform allows opening a folder; best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // Not every platform can open a folder; the data itself is already on disk.
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }

    /**
     * Reads a safetensors file.
     *
     * @param manager the manager that will own the tensors
     * @param file the file
     * @return the tensors in header order and the metadata
     * @throws IOException with a one-line message naming the file for anything malformed: a short
     *     file, a header length beyond the file, a header that is not a JSON object, an unknown
     *     dtype, a shape that does not match the data's size, offsets out of range, overlapping or
     *     leaving holes
     */
    public static Contents read(NDManager manager, Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < 8) {
                throw bad(file, "too short for a safetensors file (" + size + " bytes)");
            }
            long n = readAt(in, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > size - 8) {
                throw bad(
                        file, "header length " + Long.toUnsignedString(n) + " is beyond the file's " + size + " bytes");
            }
            if (n > MAX_HEADER_BYTES) {
                throw bad(file, "header length " + n + " exceeds " + MAX_HEADER_BYTES + " bytes");
            }
            JsonObject header = parseHeader(readAt(in, 8, (int) n, file), file);
            long dataStart = 8 + n;
            long dataLength = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    readMetadata(e.getValue(), metadata, file);
                } else {
                    entries.add(entry(e.getKey(), e.getValue(), dataLength, file));
                }
            }
            checkCoverage(entries, dataLength, file);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            try {
                for (Entry e : entries) {
                    if (e.end - e.begin > Integer.MAX_VALUE) {
                        throw bad(
                                file,
                                "tensor " + e.name + " has " + (e.end - e.begin)
                                        + " bytes, more than one array can hold");
                    }
                    ByteBuffer data = readAt(in, dataStart + e.begin, (int) (e.end - e.begin), file);
                    data.order(ByteOrder.LITTLE_ENDIAN);
                    NDArray array = manager.create(nativeOrder(data, e.type), e.shape, e.type);
                    array.setName(e.name);
                    tensors.put(e.name, array);
                }
            } catch (IOException | RuntimeException ex) {
                tensors.values().forEach(NDArray::close);
                throw ex;
            }
            return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot read: " + reason(e), e);
        }
    }

    /** One tensor of the header. */
    private record Entry(String name, DataType type, Shape shape, long begin, long end) {}

    private static JsonObject parseHeader(ByteBuffer bytes, Path file) throws IOException {
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw bad(file, "header is not UTF-8");
        }
        if (!text.startsWith("{")) {
            throw bad(file, "header is not a JSON object");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement parsed = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw bad(file, "header has text after its JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw (IOException) e;
            }
            throw bad(file, "header is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static void readMetadata(JsonElement value, Map<String, String> metadata, Path file) throws IOException {
        if (!value.isJsonObject()) {
            throw bad(file, METADATA_KEY + " is not an object of strings");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw bad(file, METADATA_KEY + " entry " + m.getKey() + " is not a string");
            }
            metadata.put(m.getKey(), v.getAsString());
        }
    }

    private static Entry entry(String name, JsonElement value, long dataLength, Path file) throws IOException {
        if (!value.isJsonObject()) {
            throw bad(file, "tensor " + name + " is not described by an object");
        }
        JsonObject info = value.getAsJsonObject();
        JsonElement dtype = info.get("dtype");
        if (dtype == null
                || !dtype.isJsonPrimitive()
                || !dtype.getAsJsonPrimitive().isString()) {
            throw bad(file, "tensor " + name + " has no dtype");
        }
        DataType type = TYPES.get(dtype.getAsString());
        if (type == null) {
            throw bad(file, "tensor " + name + " has unknown or unsupported dtype \"" + dtype.getAsString() + "\"");
        }
        long[] dims = longs(info.get("shape"), -1, "shape", name, file);
        long[] offsets = longs(info.get("data_offsets"), 2, "data_offsets", name, file);
        if (offsets[0] > offsets[1] || offsets[1] > dataLength) {
            throw bad(
                    file,
                    "tensor " + name + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] outside the "
                            + dataLength + " data bytes");
        }
        long bytes;
        try {
            long count = 1;
            for (long d : dims) {
                count = Math.multiplyExact(count, d);
            }
            bytes = Math.multiplyExact(count, (long) type.getNumOfBytes());
        } catch (ArithmeticException e) {
            throw bad(file, "tensor " + name + " has a shape too large: " + Arrays.toString(dims));
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw bad(
                    file,
                    "tensor " + name + " of shape " + Arrays.toString(dims) + " and dtype "
                            + dtype.getAsString() + " needs " + bytes + " bytes, but its data_offsets span "
                            + (offsets[1] - offsets[0]));
        }
        return new Entry(name, type, new Shape(dims), offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers, of {@code length} elements unless it is negative. */
    private static long[] longs(JsonElement value, int length, String field, String name, Path file)
            throws IOException {
        String what = "tensor " + name + " has a bad " + field;
        if (value == null || !value.isJsonArray()) {
            throw bad(file, what + " (not an array)");
        }
        JsonArray array = value.getAsJsonArray();
        if (length >= 0 && array.size() != length) {
            throw bad(file, what + " (" + array.size() + " numbers, expected " + length + ")");
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = array.get(i);
            if (!v.isJsonPrimitive() || !((JsonPrimitive) v).isNumber()) {
                throw bad(file, what + " (" + v + " is not a number)");
            }
            try {
                BigDecimal d = v.getAsBigDecimal();
                out[i] = d.longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw bad(file, what + " (" + v + " is not an integer)");
            }
            if (out[i] < 0) {
                throw bad(file, what + " (" + v + " is negative)");
            }
        }
        return out;
    }

    /** The data must be covered exactly once: no overlaps, no holes, nothing after the last tensor. */
    private static void checkCoverage(List<Entry> entries, long dataLength, Path file) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < covered) {
                throw bad(file, "tensors " + previous.name + " and " + e.name + " overlap");
            }
            if (e.begin > covered) {
                throw bad(file, "data bytes " + covered + " to " + e.begin + " belong to no tensor");
            }
            covered = e.end;
            previous = e;
        }
        if (covered != dataLength) {
            throw bad(file, "data bytes " + covered + " to " + dataLength + " belong to no tensor");
        }
    }

    private static ByteBuffer readAt(FileChannel in, long position, int length, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(length);
        while (buf.hasRemaining()) {
            if (in.read(buf, position + buf.position()) < 0) {
                throw bad(file, "ends before byte " + (position + length));
            }
        }
        buf.flip();
        return buf;
    }

    /** The array's bytes in little-endian order, as the format stores them. */
    private static ByteBuffer littleEndian(ByteBuffer data, DataType type) {
        if (data.order() == ByteOrder.LITTLE_ENDIAN || type.getNumOfBytes() == 1) {
            return data;
        }
        return swapped(data, type.getNumOfBytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Little-endian file bytes in the platform's order, as DJL expects them. */
    private static ByteBuffer nativeOrder(ByteBuffer data, DataType type) {
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || type.getNumOfBytes() == 1) {
            return data.order(ByteOrder.nativeOrder());
        }
        return swapped(data, type.getNumOfBytes()).order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer swapped(ByteBuffer data, int width) {
        ByteBuffer out = ByteBuffer.allocateDirect(data.remaining());
        int start = data.position();
        for (int i = 0; i < data.remaining(); i += width) {
            for (int k = width - 1; k >= 0; k--) {
                out.put(data.get(start + i + k));
            }
        }
        out.flip();
        return out;
    }

    private static IOException bad(Path file, String what) {
        return new IOException(file + ": " + what);
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null ? kind : kind + " " + firstLine(message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
