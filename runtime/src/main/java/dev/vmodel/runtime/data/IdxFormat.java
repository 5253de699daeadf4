package dev.vmodel.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-style IDX files: {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte}, raw or
 * gzipped, and optionally the test split {@code t10k-images-idx3-ubyte} and {@code
 * t10k-labels-idx1-ubyte}. Headers are big-endian: images {@code 0x00000803, count, rows, cols},
 * labels {@code 0x00000801, count}, then one unsigned byte per pixel or label.
 */
final class IdxFormat {
    static final String EXPECTS = "train-images-idx3-ubyte and train-labels-idx1-ubyte (raw or .gz; optionally"
            + " t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte)";
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxFormat() {}

    /** Whether {@code dir} holds the training files. */
    static boolean present(Path dir) {
        return find(dir, "train-images-idx3-ubyte") != null && find(dir, "train-labels-idx1-ubyte") != null;
    }

    /** Whether {@code dir} holds the test files. */
    static boolean hasTest(Path dir) {
        return find(dir, "t10k-images-idx3-ubyte") != null && find(dir, "t10k-labels-idx1-ubyte") != null;
    }

    /** The training images and labels. */
    static Labelled train(Path dir) throws DataException {
        return read(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"));
    }

    /** The test images and labels; call only when {@link #hasTest} is true. */
    static Labelled test(Path dir) throws DataException {
        return read(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"));
    }

    /** The labels' file of the test split, for messages. */
    static Path testLabelsFile(Path dir) {
        return find(dir, "t10k-labels-idx1-ubyte");
    }

    /**
     * The file of that name in {@code dir}, raw or {@code .gz}, also under the dotted name some
     * mirrors use ({@code train-images.idx3-ubyte}); null if none.
     */
    private static Path find(Path dir, String name) {
        String dotted = name.replace("-idx", ".idx");
        for (String candidate : new String[] {name, name + ".gz", dotted, dotted + ".gz"}) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private static Labelled read(Path imagesFile, Path labelsFile) throws DataException {
        byte[] images = DataFiles.read(imagesFile);
        if (images.length < 16) {
            throw new DataException(
                    imagesFile + ": truncated: " + images.length + " bytes, shorter than the 16-byte IDX header");
        }
        checkMagic(imagesFile, DataFiles.int32(images, 0), IMAGES_MAGIC, "images");
        int count = DataFiles.int32(images, 4);
        int rows = DataFiles.int32(images, 8);
        int cols = DataFiles.int32(images, 12);
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new DataException(imagesFile + ": bad IDX header: " + count + " images of " + rows + "x" + cols);
        }
        long expected = 16 + (long) count * rows * cols;
        checkLength(imagesFile, images.length, expected, count + " images of " + rows + "x" + cols);

        byte[] labelBytes = DataFiles.read(labelsFile);
        if (labelBytes.length < 8) {
            throw new DataException(
                    labelsFile + ": truncated: " + labelBytes.length + " bytes, shorter than the 8-byte IDX header");
        }
        checkMagic(labelsFile, DataFiles.int32(labelBytes, 0), LABELS_MAGIC, "labels");
        int labelCount = DataFiles.int32(labelBytes, 4);
        if (labelCount < 0) {
            throw new DataException(labelsFile + ": bad IDX header: " + labelCount + " labels");
        }
        checkLength(labelsFile, labelBytes.length, 8L + labelCount, labelCount + " labels");
        if (labelCount != count) {
            throw new DataException(
                    imagesFile + " has " + count + " images but " + labelsFile + " has " + labelCount + " labels");
        }
        if (count == 0) {
            throw new DataException(imagesFile + ": no images");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = labelBytes[8 + i] & 0xFF;
        }
        byte[] pixels = java.util.Arrays.copyOfRange(images, 16, images.length);
        return new Labelled(pixels, labels, 1, rows, cols);
    }

    private static void checkMagic(Path file, int magic, int expected, String what) throws DataException {
        if (magic != expected) {
            throw new DataException(String.format(
                    "%s: wrong magic number 0x%08x, expected 0x%08x (IDX %s of unsigned bytes)",
                    file, magic, expected, what));
        }
    }

    private static void checkLength(Path file, long actual, long expected, String header) throws DataException {
        if (actual < expected) {
            throw new DataException(file + ": truncated: the header says " + header + " (" + expected
                    + " bytes) but the file has " + actual);
        }
        if (actual > expected) {
            throw new DataException(file + ": " + actual + " bytes, more than the " + expected
                    + " its header describes (" + header + ")");
        }
    }
}
