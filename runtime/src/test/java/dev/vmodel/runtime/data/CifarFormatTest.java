package dev.vmodel.runtime.data;

import static dev.vmodel.runtime.data.DataFixtures.cifarRecords;
import static dev.vmodel.runtime.data.DataFixtures.pixels;
import static dev.vmodel.runtime.data.DataFixtures.request;
import static dev.vmodel.runtime.data.DataFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsCifar10BatchesInTheArchiveFolderWithNames() throws Exception {
        Path bin = dir.resolve("cifar-10-batches-bin");
        write(bin, "data_batch_1.bin", cifarRecords(1, 3, 9), false);
        write(bin, "data_batch_3.bin", cifarRecords(1, 4), false); // a subset of the five is fine
        write(bin, "test_batch.bin", cifarRecords(1, 7), false);
        List<String> names =
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
        Files.write(bin.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes());

        DataSplit split = Datasets.open(request(dir, 3, 32, 32));

        ImageSet train = split.train();
        assertEquals(3, train.size());
        assertEquals(10, train.classes());
        assertEquals(names, train.classNames());
        assertEquals(List.of(3, 9, 4), List.of(train.label(0), train.label(1), train.label(2)));
        byte[] second = pixels(train, 1); // record 1 of the first file: (2) * (channel + 1) + p % 5
        assertEquals(2 + 0, second[0]);
        assertEquals(2 + 3, second[3]);
        assertEquals(4 + 1, second[1024 + 1]);
        assertEquals(6 + 1022 % 5, second[2048 + 1022]);
        byte[] third = pixels(train, 2); // record 0 of the second file
        assertEquals(1 + 2, third[2]);
        assertEquals(1, split.validation().size());
        assertEquals(7, split.validation().label(0));
        assertEquals("CIFAR-10 binary at " + bin + ": 3 train, 1 test, 3x32x32", split.description());
    }

    @Test
    void readsCifar100FineLabels() throws Exception {
        write(dir, "train.bin", cifarRecords(2, 42, 99, 0), false);
        write(dir, "test.bin", cifarRecords(2, 17), false);

        DataSplit split = Datasets.open(request(dir, 3, 16, 16));

        assertEquals(100, split.train().classes());
        assertEquals(99, split.train().label(1));
        assertEquals(17, split.validation().label(0));
        assertEquals(3 * 16 * 16, split.train().imageBytes());
        // Halving: Pillow's bilinear filter widens to support 2, so output (0, 0) has centre 1.0 and
        // takes source 0, 1, 2 with weights 0.75, 0.75, 0.25 (3/7, 3/7, 1/7) on each axis. Record 0,
        // channel 0 holds 1 + p % 5: rows [1, 2, 3], [3, 4, 5], [5, 1, 2] -> 12/7, 26/7, 20/7 ->
        // (3*12 + 3*26 + 20) / 49 = 2.73 -> 3.
        assertEquals(3, pixels(split.train(), 0)[0]);
        assertEquals("CIFAR-100 binary at " + dir + ": 3 train, 1 test, 3x32x32 -> 3x16x16", split.description());
    }

    @Test
    void badLengthNamesTheFile() throws Exception {
        byte[] records = cifarRecords(1, 1, 2);
        Path file = write(dir, "data_batch_1.bin", Arrays.copyOf(records, records.length - 1), false);

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 3, 32, 32)));

        assertEquals(
                file + ": 6145 bytes is not a whole number of 3073-byte CIFAR-10 binary records"
                        + " (truncated or not a CIFAR file)",
                e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesTheRecord() throws Exception {
        Path file = write(dir, "data_batch_2.bin", cifarRecords(1, 1, 10), false);

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 3, 32, 32)));

        assertEquals(file + ": record 1 has label 10, out of range for 10 classes", e.getMessage());
    }

    @Test
    void colourDataIsRefusedForAOneChannelModel() throws Exception {
        write(dir, "train.bin", cifarRecords(2, 1), false);

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(dir, 1, 32, 32)));

        assertEquals(
                dir + ": the images have 3 channels but the model takes 1; use a model with 3 input channels",
                e.getMessage());
    }

    @Test
    void withoutTestFileTheSplitIsSeeded() throws Exception {
        write(dir, "data_batch_1.bin", cifarRecords(1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), false);

        DataSplit split = Datasets.open(new DataRequest(dir, DataFormat.CIFAR10, 3, 32, 32, false, 0.3, 11, 0, 0));

        assertEquals(7, split.train().size());
        assertEquals(3, split.validation().size());
    }
}
