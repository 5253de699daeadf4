package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.train.Training;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data, as a new user would try it: the 1,797 handwritten 8 x 8 digits that Debian's
 * python3-sklearn ships (UCI's optical digits), converted at test time to MNIST's IDX format with a
 * held-out fifth, and a small spec'd transformer trained on them with its spec's recipe through the
 * generated harness. The README's test command installs python3-sklearn.
 */
class RealDigitsTest {

    static final Path DIGITS = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");

    @TempDir
    Path dir;

    @Test
    void aSmallTransformerLearnsTheRealDigits() throws Exception {
        Assumptions.assumeTrue(
                Files.isRegularFile(DIGITS),
                "no " + DIGITS + ": install python3-sklearn (the README's test command does)");
        List<int[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(DIGITS)), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] cells = line.split(",");
                int[] row = new int[65];
                for (int i = 0; i < 65; i++) row[i] = (int) Math.round(Double.parseDouble(cells[i]));
                rows.add(row);
            }
        }
        assertEquals(1797, rows.size());
        Collections.shuffle(rows, new Random(2026));
        int test = rows.size() / 5;
        Path data = dir.resolve("digits");
        write(data, "t10k", rows.subList(0, test));
        write(data, "train", rows.subList(test, rows.size()));

        GeneratedCode code = GeneratedCode.of(dir.resolve("gen"), TrainingFixtures.DIGITS_VIT);
        Training.Builder b = (Training.Builder)
                code.load("DigitsVitTraining").getMethod("builder").invoke(null);
        long start = System.nanoTime();
        Training.Result result =
                b.data(data).output(dir.resolve("run")).progress(false).build().run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "real digits: %d train, %d held out; top-1 %.2f%% after %d epochs in %.1f s%n",
                rows.size() - test,
                test,
                100 * result.last().top1(),
                result.last().epoch(),
                seconds);
        assertTrue(
                result.last().top1() >= 0.9, "held-out top-1 " + result.last().top1());
    }

    /** 0..16 ink levels to 0..255 pixels, in IDX files as MNIST ships them. */
    static void write(Path dir, String prefix, List<int[]> rows) {
        byte[] pixels = new byte[rows.size() * 64];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            int[] row = rows.get(i);
            for (int p = 0; p < 64; p++) pixels[i * 64 + p] = (byte) Math.round(row[p] * 255 / 16.0);
            labels[i] = row[64];
        }
        TrainingFixtures.writeIdx(dir, prefix, 8, 8, pixels, labels);
    }
}
