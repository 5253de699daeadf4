package dev.vmodel.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR binary files. CIFAR-10: {@code data_batch_1.bin} to {@code data_batch_5.bin} and {@code
 * test_batch.bin}, records of one label byte and 3072 pixel bytes (the red plane, green, blue; 32x32),
 * class names in {@code batches.meta.txt}. CIFAR-100: {@code train.bin} and {@code test.bin}, records
 * of a coarse label, a fine label and 3072 pixel bytes; the fine label (100 classes) is used, names in
 * {@code fine_label_names.txt}. Either may sit in its archive's folder ({@code cifar-10-batches-bin},
 * {@code cifar-100-binary}) under the given directory.
 */
final class CifarFormat {
    static final String EXPECTS_10 = "data_batch_1.bin..data_batch_5.bin and test_batch.bin (CIFAR-10 binary,"
            + " possibly in cifar-10-batches-bin/)";
    static final String EXPECTS_100 = "train.bin and test.bin (CIFAR-100 binary, possibly in cifar-100-binary/)";
    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;

    private final boolean hundred;
    private final Path dir;

    private CifarFormat(boolean hundred, Path dir) {
        this.hundred = hundred;
        this.dir = dir;
    }

    /** The CIFAR-10 files in {@code root} or its {@code cifar-10-batches-bin} child; null if none. */
    static CifarFormat cifar10(Path root) {
        for (Path dir : new Path[] {root, root.resolve("cifar-10-batches-bin")}) {
            for (int b = 1; b <= 5; b++) {
                if (Files.isRegularFile(dir.resolve("data_batch_" + b + ".bin"))) {
                    return new CifarFormat(false, dir);
                }
            }
        }
        return null;
    }

    /** The CIFAR-100 files in {@code root} or its {@code cifar-100-binary} child; null if none. */
    static CifarFormat cifar100(Path root) {
        for (Path dir : new Path[] {root, root.resolve("cifar-100-binary")}) {
            if (Files.isRegularFile(dir.resolve("train.bin"))) {
                return new CifarFormat(true, dir);
            }
        }
        return null;
    }

    Path dir() {
        return dir;
    }

    int classes() {
        return hundred ? 100 : 10;
    }

    String title() {
        return hundred ? "CIFAR-100 binary" : "CIFAR-10 binary";
    }

    /** The training records, from every training file present. */
    Labelled train() throws DataException {
        List<Path> files = new ArrayList<>();
        if (hundred) {
            files.add(dir.resolve("train.bin"));
        } else {
            for (int b = 1; b <= 5; b++) {
                Path file = dir.resolve("data_batch_" + b + ".bin");
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        }
        return read(files);
    }

    /** The test records, or null when the test file is absent. */
    Labelled test() throws DataException {
        Path file = dir.resolve(hundred ? "test.bin" : "test_batch.bin");
        return Files.isRegularFile(file) ? read(List.of(file)) : null;
    }

    /** The class names from the names file, or the class numbers when it is absent. */
    List<String> classNames() throws DataException {
        Path file = dir.resolve(hundred ? "fine_label_names.txt" : "batches.meta.txt");
        if (!Files.isRegularFile(file)) {
            return DataFiles.numberedClasses(classes());
        }
        List<String> names = DataFiles.lines(file);
        if (names.size() != classes()) {
            throw new DataException(file + ": " + names.size() + " class names, expected " + classes());
        }
        return names;
    }

    private Labelled read(List<Path> files) throws DataException {
        int labelBytes = hundred ? 2 : 1;
        int record = labelBytes + PIXELS;
        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        for (Path file : files) {
            byte[] bytes = DataFiles.read(file);
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new DataException(file + ": " + bytes.length + " bytes is not a whole number of " + record
                        + "-byte " + title() + " records (truncated or not a CIFAR file)");
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        int count = Math.toIntExact(total);
        byte[] images = new byte[Math.multiplyExact(count, PIXELS)];
        int[] labels = new int[count];
        int n = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int offset = 0; offset < bytes.length; offset += record, n++) {
                int label = bytes[offset + labelBytes - 1] & 0xFF;
                if (label >= classes()) {
                    throw new DataException(files.get(f) + ": record " + (offset / record) + " has label " + label
                            + ", out of range for " + classes() + " classes");
                }
                labels[n] = label;
                System.arraycopy(bytes, offset + labelBytes, images, n * PIXELS, PIXELS);
            }
        }
        return new Labelled(images, labels, 3, SIDE, SIDE);
    }
}
