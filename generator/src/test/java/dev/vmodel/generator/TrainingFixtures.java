package dev.vmodel.generator;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Data in real on-disk formats, and trainer processes, for the training tests. */
final class TrainingFixtures {
    private TrainingFixtures() {}

    /** The spec the training tests train: a small ViT on 8 x 8 grey images. */
    static final Path DIGITS_VIT = Path.of("src/test/resources/training/digits-vit.vmodel");

    /**
     * Writes one split of an IDX dataset, as MNIST ships it: {@code PREFIX-images-idx3-ubyte}
     * (magic 0x803, count, rows, columns, then the pixels) and {@code PREFIX-labels-idx1-ubyte}
     * (magic 0x801, count, then the labels), all big-endian.
     */
    static void writeIdx(Path dir, String prefix, int rows, int cols, byte[] pixels, int[] labels) {
        try {
            Files.createDirectories(dir);
            try (DataOutputStream o =
                    new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")))) {
                o.writeInt(0x00000803);
                o.writeInt(labels.length);
                o.writeInt(rows);
                o.writeInt(cols);
                o.write(pixels);
            }
            try (OutputStream raw = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"));
                    DataOutputStream o = new DataOutputStream(raw)) {
                o.writeInt(0x00000801);
                o.writeInt(labels.length);
                for (int l : labels) {
                    o.writeByte(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An easy 4-class set of 8 x 8 grey images in IDX: class k is a bright 3 x 3 square somewhere
     * in quadrant k, on a dim noisy background. Train and test splits ({@code train-*}, {@code t10k-*}).
     */
    static Path quadrants(Path dir, int train, int test, long seed) {
        Random r = new Random(seed);
        for (String split : List.of("train", "t10k")) {
            int n = split.equals("train") ? train : test;
            byte[] pixels = new byte[n * 64];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int k = r.nextInt(4);
                labels[i] = k;
                for (int p = 0; p < 64; p++) {
                    pixels[i * 64 + p] = (byte) r.nextInt(60);
                }
                int top = (k / 2) * 4 + r.nextInt(2);
                int left = (k % 2) * 4 + r.nextInt(2);
                for (int y = top; y < top + 3; y++) {
                    for (int x = left; x < left + 3; x++) {
                        pixels[i * 64 + y * 8 + x] = (byte) (200 + r.nextInt(56));
                    }
                }
            }
            writeIdx(dir, split, 8, 8, pixels, labels);
        }
        return dir;
    }

    /** A trainer in its own JVM: the test's class path plus the compiled generated models. */
    static ProcessBuilder trainer(Path classes, Path log, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        // G1, the collector under which runs used to differ (Java memory freed under the graph):
        // bit-exact runs must not depend on the collector.
        cmd.add("-XX:+UseG1GC");
        cmd.add("-cp");
        cmd.add(classes + java.io.File.pathSeparator + System.getProperty("java.class.path"));
        cmd.add("dev.vmodel.runtime.train.TrainCli");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /** Runs a trainer to its end and returns its exit status. */
    static int runTrainer(Path classes, Path log, String... args) {
        try {
            Process p = trainer(classes, log, args).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the trainer did not finish in 5 minutes: " + Files.readString(log));
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
