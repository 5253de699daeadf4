package dev.vmodel.runtime.data;

import static dev.vmodel.runtime.data.DataFixtures.idxImages;
import static dev.vmodel.runtime.data.DataFixtures.idxLabels;
import static dev.vmodel.runtime.data.DataFixtures.mnist;
import static dev.vmodel.runtime.data.DataFixtures.pixels;
import static dev.vmodel.runtime.data.DataFixtures.request;
import static dev.vmodel.runtime.data.DataFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsRawTrainAndTestFiles() throws Exception {
        mnist(dir, "train", 2, 3, new int[] {3, 0, 1}, false);
        mnist(dir, "t10k", 2, 3, new int[] {2, 1}, false);

        DataSplit split = Datasets.open(request(dir, 1, 2, 3));

        assertEquals(3, split.train().size());
        assertEquals(2, split.validation().size());
        assertEquals(4, split.train().classes(), "max label 3 + 1");
        assertEquals(List.of("0", "1", "2", "3"), split.train().classNames());
        assertEquals(3, split.train().label(0));
        assertEquals(1, split.validation().label(1));
        // image 2 of the training file: 20 + p % 7
        assertArrayEquals(new byte[] {20, 21, 22, 23, 24, 25}, pixels(split.train(), 2));
        assertArrayEquals(new byte[] {10, 11, 12, 13, 14, 15}, pixels(split.validation(), 1));
        assertEquals("MNIST IDX at " + dir + ": 3 train, 2 test, 1x2x3", split.description());
    }

    @Test
    void readsGzippedFilesAndSplitsWithoutTestFiles() throws Exception {
        mnist(dir, "train", 2, 2, new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, true);
        DataRequest r = new DataRequest(dir, DataFormat.IDX, 1, 2, 2, false, 0.2, 5, 0, 0);

        DataSplit split = Datasets.open(r);

        assertEquals(8, split.train().size());
        assertEquals(2, split.validation().size());
        assertEquals(2, split.train().classes());
        assertTrue(split.description().contains("8 train, 2 validation (20% held out, seed 5)"), split.description());
    }

    @Test
    void oneClassOfLabelsStillMakesTwoClasses() throws Exception {
        mnist(dir, "train", 1, 1, new int[] {0, 0}, false);
        assertEquals(2, Datasets.open(request(dir, 1, 1, 1)).train().classes());
    }

    @Test
    void grayToRgbIsRefusedUnlessAskedThenReplicated() throws Exception {
        mnist(dir, "train", 2, 2, new int[] {0, 1}, false);

        DataException refused = assertThrows(DataException.class, () -> Datasets.open(request(dir, 3, 2, 2)));
        assertEquals(
                dir + ": the images have 1 channel but the model takes 3; pass --gray-to-rgb"
                        + " (Maven: -Dvmodel.grayToRgb=true)",
                refused.getMessage());

        DataRequest accepted = new DataRequest(dir, null, 3, 2, 2, true, 0, 7, 0, 0);
        ImageSet train = Datasets.open(accepted).train();
        assertEquals(3, train.channels());
        assertArrayEquals(new byte[] {10, 11, 12, 13, 10, 11, 12, 13, 10, 11, 12, 13}, pixels(train, 1));
    }

    @Test
    void resizesToTheModelsInput() throws Exception {
        // One 2x2 image [[0, 100], [200, 40]] enlarged to 4x4. Bilinear with half-pixel centres:
        // output position 0 -> source 0 (edge), 1 -> 0.75 s0 + 0.25 s1, 2 -> 0.25 s0 + 0.75 s1, 3 -> s1.
        write(dir, "train-images-idx3-ubyte", idxImages(1, 2, 2, new byte[] {0, 100, (byte) 200, 40}), false);
        write(dir, "train-labels-idx1-ubyte", idxLabels(1), false);

        DataSplit split = Datasets.open(new DataRequest(dir, null, 3, 4, 4, true, 0, 1, 0, 0));

        // Rows first: row 0 = [0, 25, 75, 100], row 1 = [200, 160, 80, 40]; then down the columns.
        int[] expected = {
            0, 25, 75, 100, //
            50, 59, 76, 85, // 0.75*row0 + 0.25*row1: 50, 58.75, 76.25, 85
            150, 126, 79, 55, // 0.25*row0 + 0.75*row1: 150, 126.25, 78.75, 55
            200, 160, 80, 40
        };
        byte[] actual = pixels(split.train(), 0);
        int[] plane = new int[16];
        for (int p = 0; p < 16; p++) {
            plane[p] = actual[p] & 0xFF;
            assertEquals(actual[p], actual[16 + p], "replicated channel 1");
            assertEquals(actual[p], actual[32 + p], "replicated channel 2");
        }
        assertArrayEquals(expected, plane, Arrays.toString(plane));
        assertTrue(split.description().endsWith("1x2x2 -> 3x4x4"), split.description());
    }

    @Test
    void truncatedImagesFileNamesTheFile() throws Exception {
        byte[] full = idxImages(3, 2, 2, new byte[12]);
        Path images = write(dir, "train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 5), false);
        write(dir, "train-labels-idx1-ubyte", idxLabels(0, 1, 2), false);

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 1, 2, 2)));

        assertEquals(
                images + ": truncated: the header says 3 images of 2x2 (28 bytes) but the file has 23", e.getMessage());
    }

    @Test
    void wrongMagicNamesTheFileAndBothNumbers() throws Exception {
        byte[] images = idxImages(1, 1, 1, new byte[1]);
        images[3] = 0x01; // 0x801: a labels file where the images should be
        Path file = write(dir, "train-images-idx3-ubyte", images, false);
        write(dir, "train-labels-idx1-ubyte", idxLabels(0), false);

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 1, 1, 1)));

        assertEquals(
                file + ": wrong magic number 0x00000801, expected 0x00000803 (IDX images of unsigned bytes)",
                e.getMessage());
    }

    @Test
    void countsThatDisagreeAreRefused() throws Exception {
        mnist(dir, "train", 1, 1, new int[] {0, 1, 1}, false);
        write(dir, "train-labels-idx1-ubyte", idxLabels(0, 1), false);

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 1, 1, 1)));

        assertEquals(
                dir.resolve("train-images-idx3-ubyte") + " has 3 images but " + dir.resolve("train-labels-idx1-ubyte")
                        + " has 2 labels",
                e.getMessage());
    }

    @Test
    void corruptGzipIsOneLine() throws Exception {
        mnist(dir, "train", 2, 2, new int[] {0, 1}, true);
        Path gz = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 1, 2, 2)));

        assertTrue(e.getMessage().startsWith(gz + ": bad gzip data ("), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void testLabelBeyondTheTrainingLabelsIsOutOfRange() throws Exception {
        mnist(dir, "train", 1, 1, new int[] {0, 1}, false);
        mnist(dir, "t10k", 1, 1, new int[] {5}, false);

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 1, 1, 1)));

        assertEquals(
                dir.resolve("t10k-labels-idx1-ubyte") + ": label 5 is out of range: the training labels go up to 1",
                e.getMessage());
    }

    @Test
    void missingFilesAndForcedFormatsSayWhatIsExpected() throws IOException {
        Path missing = dir.resolve("nope");
        assertEquals(
                missing + ": no such file or directory",
                assertThrows(DataException.class, () -> Datasets.open(request(missing, 1, 2, 2)))
                        .getMessage());

        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertTrue(assertThrows(DataException.class, () -> Datasets.open(request(file, 1, 2, 2)))
                .getMessage()
                .startsWith(file + ": not a directory; a dataset is a directory holding MNIST IDX files"));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        String none = assertThrows(DataException.class, () -> Datasets.open(request(empty, 1, 2, 2)))
                .getMessage();
        assertTrue(
                none.startsWith(empty + ": no dataset files found; expected MNIST IDX files (train-images-idx3-ubyte"),
                none);
        assertTrue(
                none.contains("data_batch_1.bin") && none.contains("train.bin") && none.contains("root/<class>/"),
                none);

        mnist(dir, "train", 1, 1, new int[] {0, 1}, false);
        DataRequest cifar = new DataRequest(dir, DataFormat.CIFAR10, 3, 32, 32, false, 0, 1, 0, 0);
        assertEquals(
                dir + ": format cifar10 expects " + CifarFormat.EXPECTS_10 + ", but the directory holds idx files",
                assertThrows(DataException.class, () -> Datasets.open(cifar)).getMessage());
    }
}
