package dev.vmodel.runtime.train.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Engines.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** One tensor of every dtype the writer supports, a scalar, an empty one and a non-contiguous view. */
    private Map<String, NDArray> everyDtype() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put(
                "blocks.0.attn.qkv.weight",
                manager.create(new float[] {1.5f, -2, 3.25f, 0, 1e-7f, -1e30f}, new Shape(2, 3)));
        t.put("f64", manager.create(new double[] {Math.PI, -1e-300, 2}));
        t.put("f16", manager.create(new float[] {0.5f, -3}).toType(DataType.FLOAT16, false));
        t.put("step", manager.create(new long[] {123456789012L}));
        t.put("i32", manager.create(new int[] {-7, 8, 2_000_000_000, -1}, new Shape(2, 2)));
        t.put("i8", manager.create(new byte[] {-128, 127}).toType(DataType.INT8, false));
        t.put(
                "u8",
                manager.create(
                        ByteBuffer.wrap(new byte[] {0, 1, (byte) 200, (byte) 255}), new Shape(4), DataType.UINT8));
        t.put("mask", manager.create(new boolean[] {true, false, true}));
        t.put("scalar", manager.create(2.5f));
        t.put("empty", manager.zeros(new Shape(0, 3)));
        t.put("transposed", manager.arange(6f).reshape(2, 3).transpose());
        return t;
    }

    @Test
    void roundTripsEveryDtypeWithMetadata() throws IOException {
        Map<String, NDArray> written = everyDtype();
        Map<String, String> meta = Map.of("format", "pt", "model", "ViT <tiny> & \"quoted\"");
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, written, meta);
        SafeTensors.Contents read = SafeTensors.read(manager, file);
        assertEquals(meta, read.metadata());
        assertEquals(List.copyOf(written.keySet()), List.copyOf(read.tensors().keySet()));
        for (Map.Entry<String, NDArray> e : written.entrySet()) {
            NDArray back = read.tensors().get(e.getKey());
            assertEquals(e.getValue().getDataType(), back.getDataType(), e.getKey());
            assertEquals(e.getValue().getShape(), back.getShape(), e.getKey());
            assertArrayEquals(e.getValue().toByteArray(), back.toByteArray(), e.getKey());
        }
        assertArrayEquals(
                new float[] {0, 3, 1, 4, 2, 5}, read.tensors().get("transposed").toFloatArray());
        assertArrayEquals(new long[] {123456789012L}, read.tensors().get("step").toLongArray());
    }

    @Test
    void layoutFollowsTheSpecByteForByte() throws IOException {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("b", manager.create(new float[] {1, -2}));
        t.put("a", manager.create(new long[] {7}));
        Path file = dir.resolve("small.safetensors");
        SafeTensors.write(file, t, Map.of("format", "pt"));

        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        int padded = (json.length() + 7) / 8 * 8;
        ByteBuffer expected = ByteBuffer.allocate(8 + padded + 16).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded).put(json.getBytes(StandardCharsets.US_ASCII));
        while (expected.position() < 8 + padded) {
            expected.put((byte) ' ');
        }
        expected.putFloat(1).putFloat(-2).putLong(7);
        assertArrayEquals(expected.array(), Files.readAllBytes(file));
    }

    @Test
    void djlReadsOurFiles() throws IOException {
        Map<String, NDArray> written = new LinkedHashMap<>();
        written.put("head.weight", manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
        written.put("step", manager.create(new long[] {5}));
        Path file = dir.resolve("for-djl.safetensors");
        SafeTensors.write(file, written, Map.of("format", "pt"));
        try (InputStream in = Files.newInputStream(file)) {
            NDList list = NDList.decode(manager, in);
            assertEquals(2, list.size());
            for (NDArray a : list) {
                NDArray mine = written.get(a.getName());
                assertEquals(mine.getShape(), a.getShape(), a.getName());
                assertArrayEquals(mine.toByteArray(), a.toByteArray(), a.getName());
            }
        }
    }

    @Test
    void readsDjlFiles() throws IOException {
        NDArray w = manager.create(new float[] {0.25f, -1, 8}, new Shape(3, 1));
        w.setName("norm.weight");
        NDArray n = manager.create(new int[] {3, 1, 4});
        n.setName("counts");
        Path file = dir.resolve("from-djl.safetensors");
        try (OutputStream out = Files.newOutputStream(file)) {
            new NDList(w, n).encode(out, NDList.Encoding.SAFETENSORS);
        }
        SafeTensors.Contents read = SafeTensors.read(manager, file);
        assertEquals(2, read.tensors().size());
        assertEquals(new Shape(3, 1), read.tensors().get("norm.weight").getShape());
        assertArrayEquals(
                new float[] {0.25f, -1, 8}, read.tensors().get("norm.weight").toFloatArray());
        assertArrayEquals(new int[] {3, 1, 4}, read.tensors().get("counts").toIntArray());
    }

    /** A file of a hand-written header (padded as the spec says) and {@code dataBytes} zero bytes. */
    private Path handMade(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, b.array());
        return file;
    }

    private String readError(Path file) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(manager, file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage().substring(file.toString().length() + 2);
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    @Test
    void malformedFilesGiveOneLineNamingTheFile() throws IOException {
        Path shortFile = dir.resolve("short.safetensors");
        Files.write(shortFile, new byte[] {1, 2, 3});
        assertEquals("too short for a safetensors file (3 bytes)", readError(shortFile));

        Path longHeader = dir.resolve("long.safetensors");
        ByteBuffer b = ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(1000)
                .putInt(0);
        Files.write(longHeader, b.array());
        assertEquals("header length 1000 is beyond the file's 12 bytes", readError(longHeader));

        assertTrue(readError(handMade("{\"a\":", 0)).startsWith("header is not valid JSON: "));
        assertEquals("header is not a JSON object", readError(handMade("[1, 2]", 0)));
        assertEquals(
                "tensor a has unknown or unsupported dtype \"F8_E5M2\"",
                readError(handMade("{" + tensor("a", "F8_E5M2", "[2]", 0, 2) + "}", 2)));
        assertEquals(
                "tensor a of shape [2, 2] and dtype F32 needs 16 bytes, but its data_offsets span 8",
                readError(handMade("{" + tensor("a", "F32", "[2,2]", 0, 8) + "}", 8)));
        assertEquals(
                "tensor a has data_offsets [0, 16] outside the 8 data bytes",
                readError(handMade("{" + tensor("a", "F32", "[4]", 0, 16) + "}", 8)));
        assertEquals(
                "tensors a and b overlap",
                readError(handMade(
                        "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[2]", 4, 12) + "}", 12)));
        assertEquals(
                "data bytes 8 to 12 belong to no tensor",
                readError(handMade(
                        "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[1]", 12, 16) + "}", 16)));
        assertEquals(
                "tensor a has a bad shape (-1 is negative)",
                readError(handMade("{" + tensor("a", "F32", "[-1]", 0, 0) + "}", 0)));
        assertEquals("__metadata__ entry n is not a string", readError(handMade("{\"__metadata__\":{\"n\":1}}", 0)));
        assertEquals("no such file", readError(dir.resolve("missing.safetensors")));
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafeTensors.write(file, Map.of("w", manager.create(new float[] {1, 2, 3, 4})), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertEquals("tensor w has data_offsets [0, 16] outside the 12 data bytes", readError(file));
    }

    /** A tensor whose shape and dtype are readable but whose data is not, to fail a write midway. */
    private NDArray unreadable(NDArray real) {
        return (NDArray) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {NDArray.class}, (p, m, a) -> {
                    if (m.getName().equals("toByteBuffer")) {
                        throw new IllegalStateException("device lost");
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTempFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        SafeTensors.write(file, Map.of("w", manager.create(new float[] {1, 2})), Map.of("epoch", "1"));
        byte[] before = Files.readAllBytes(file);

        Map<String, NDArray> broken = new LinkedHashMap<>();
        broken.put("w", manager.create(new float[] {3, 4}));
        broken.put("v", unreadable(manager.create(new float[] {5, 6})));
        IOException e = assertThrows(IOException.class, () -> SafeTensors.write(file, broken, Map.of("epoch", "2")));
        assertEquals("cannot write " + file + ": data of tensor v cannot be read: device lost", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void aFailedMoveLeavesNoTempFile() throws IOException {
        // The target is a folder that is not empty: everything is written, then the move fails.
        Path folder = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(folder.resolve("keep.txt"), "x");
        IOException e = assertThrows(
                IOException.class,
                () -> SafeTensors.write(folder, Map.of("w", manager.create(new float[] {1})), Map.of()));
        assertTrue(e.getMessage().startsWith("cannot write " + folder + ": "), e.getMessage());
        assertEquals(List.of(folder), files());
        assertEquals("x", Files.readString(folder.resolve("keep.txt")));
    }

    @Test
    void rejectsTheReservedName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.write(
                        dir.resolve("x.safetensors"), Map.of("__metadata__", manager.create(1f)), Map.of()));
        assertTrue(e.getMessage().endsWith("bad tensor name '__metadata__'"), e.getMessage());
    }
}
