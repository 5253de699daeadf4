package dev.vmodel.runtime.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small datasets in their real on-disk formats, for the tests. */
final class DataFixtures {
    private DataFixtures() {}

    /** An IDX images file: magic 0x803, count, rows, cols, then the pixels. */
    static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + pixels.length);
        buffer.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return buffer.array();
    }

    /** An IDX labels file: magic 0x801, count, then the labels. */
    static byte[] idxLabels(int... labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length);
        buffer.putInt(0x00000801).putInt(labels.length);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    /** Writes {@code bytes} to {@code dir/name}, gzipped (and named {@code .gz}) when asked. */
    static Path write(Path dir, String name, byte[] bytes, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        if (!gzip) {
            return Files.write(dir.resolve(name), bytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return Files.write(dir.resolve(name + ".gz"), out.toByteArray());
    }

    /**
     * An MNIST-like set in {@code dir}: {@code labels.length} images of {@code rows x cols} where
     * image {@code i} has pixel value {@code i * 10 + p % 7} at position {@code p}.
     */
    static void mnist(Path dir, String prefix, int rows, int cols, int[] labels, boolean gzip) throws IOException {
        int n = labels.length;
        byte[] pixels = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < rows * cols; p++) {
                pixels[i * rows * cols + p] = (byte) (i * 10 + p % 7);
            }
        }
        write(dir, prefix + "-images-idx3-ubyte", idxImages(n, rows, cols, pixels), gzip);
        write(dir, prefix + "-labels-idx1-ubyte", idxLabels(labels), gzip);
    }

    /**
     * CIFAR records: for record {@code i}, {@code labelBytes} label bytes (the last is {@code
     * labels[i]}, a coarse label before it is {@code labels[i] / 5}), then 3072 bytes where byte
     * {@code p} of the red, green, blue planes is {@code (i + 1) * (channel + 1) + p % 5}.
     */
    static byte[] cifarRecords(int labelBytes, int... labels) {
        int record = labelBytes + 3072;
        byte[] bytes = new byte[labels.length * record];
        for (int i = 0; i < labels.length; i++) {
            int at = i * record;
            if (labelBytes == 2) {
                bytes[at] = (byte) (labels[i] / 5);
            }
            bytes[at + labelBytes - 1] = (byte) labels[i];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    bytes[at + labelBytes + c * 1024 + p] = (byte) ((i + 1) * (c + 1) + p % 5);
                }
            }
        }
        return bytes;
    }

    /** A w x h RGB image whose pixel (x, y) is {@code (r + x, g + y, b)}. */
    static BufferedImage rgb(int w, int h, int r, int g, int b) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, ((r + x) << 16) | ((g + y) << 8) | b);
            }
        }
        return image;
    }

    /** A w x h 8-bit gray image whose pixel (x, y) is {@code base + x + y}. */
    static BufferedImage gray(int w, int h, int base) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, base + x + y);
            }
        }
        return image;
    }

    /** Writes {@code image} to {@code file} in {@code format} ("png" or "jpg"). */
    static Path image(BufferedImage image, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }

    /** A request for the model input {@code c x h x w}, format detected, no split, seed 7. */
    static DataRequest request(Path path, int c, int h, int w) {
        return new DataRequest(path, null, c, h, w, false, 0, 7, 0, 0);
    }

    /** The bytes of image {@code i} of {@code set}. */
    static byte[] pixels(ImageSet set, int i) throws DataException {
        byte[] dst = new byte[set.imageBytes()];
        set.pixels(i, dst);
        return dst;
    }
}
