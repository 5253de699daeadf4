package dev.vmodel.runtime.data;

import static dev.vmodel.runtime.data.DataFixtures.gray;
import static dev.vmodel.runtime.data.DataFixtures.image;
import static dev.vmodel.runtime.data.DataFixtures.pixels;
import static dev.vmodel.runtime.data.DataFixtures.request;
import static dev.vmodel.runtime.data.DataFixtures.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderFormatTest {
    @TempDir
    Path root;

    @Test
    void readsPngAndJpegClassesInSortedOrderSkippingHiddenAndOtherFiles() throws Exception {
        image(rgb(4, 4, 10, 20, 30), "png", root.resolve("cat/a.png"));
        image(rgb(4, 4, 50, 60, 70), "png", root.resolve("cat/nested/b.PNG"));
        BufferedImage solid = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                solid.setRGB(x, y, (200 << 16) | (30 << 8) | 90);
            }
        }
        image(solid, "jpg", root.resolve("bird/z.jpg"));
        Files.writeString(root.resolve("bird/notes.txt"), "not an image, and not an image name");
        Files.writeString(root.resolve("bird/.DS_Store"), "hidden");
        image(rgb(4, 4, 0, 0, 0), "png", root.resolve(".hidden/c.png"));

        DataSplit split = Datasets.open(request(root, 3, 4, 4));

        ImageSet train = split.train();
        assertEquals(List.of("bird", "cat"), train.classNames());
        assertEquals(3, train.size());
        assertEquals(List.of(0, 1, 1), List.of(train.label(0), train.label(1), train.label(2)));
        byte[] jpeg = pixels(train, 0);
        for (int p = 0; p < 16; p++) {
            assertTrue(Math.abs((jpeg[p] & 0xFF) - 200) <= 4, "red " + (jpeg[p] & 0xFF));
            assertTrue(Math.abs((jpeg[16 + p] & 0xFF) - 30) <= 4, "green " + (jpeg[16 + p] & 0xFF));
            assertTrue(Math.abs((jpeg[32 + p] & 0xFF) - 90) <= 4, "blue " + (jpeg[32 + p] & 0xFF));
        }
        byte[] png = pixels(train, 1); // cat/a.png: (10 + x, 20 + y, 30), exactly
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(10 + x, png[y * 4 + x]);
                assertEquals(20 + y, png[16 + y * 4 + x]);
                assertEquals(30, png[32 + y * 4 + x]);
            }
        }
        assertEquals(0, split.validation().size());
        assertEquals(
                "ImageFolder at " + root + ": 2 classes, 3 train, no validation, images resized to 3x4x4",
                split.description());
    }

    @Test
    void colourBecomesLuminanceForAOneChannelModel() throws Exception {
        image(rgb(4, 4, 10, 100, 200), "png", root.resolve("a/x.png"));
        image(rgb(4, 4, 0, 0, 0), "png", root.resolve("b/y.png"));

        byte[] luma = pixels(Datasets.open(request(root, 1, 4, 4)).train(), 0);

        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                double expected = 0.299 * (10 + x) + 0.587 * (100 + y) + 0.114 * 200;
                assertEquals(expected, luma[y * 4 + x] & 0xFF, 0.5 + 1e-9, "luminance at " + x + "," + y);
            }
        }
    }

    @Test
    void rgbaAndPaletteImagesAreReadAsRgb() throws Exception {
        BufferedImage rgba = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, (128 << 24) | (40 << 16) | (50 << 8) | 60);
        IndexColorModel palette =
                new IndexColorModel(1, 2, new byte[] {(byte) 255, 0}, new byte[] {0, 0}, new byte[] {0, (byte) 255});
        BufferedImage indexed = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.setRGB(1, 0, 0x0000FF);
        image(rgba, "png", root.resolve("a/rgba.png"));
        image(indexed, "png", root.resolve("b/palette.png"));

        ImageSet train = Datasets.open(request(root, 3, 2, 2)).train();

        byte[] a = pixels(train, 0);
        assertEquals(List.of(40, 50, 60), List.of((int) a[0], (int) a[4], (int) a[8]));
        byte[] b = pixels(train, 1); // pixel (0, 0) red from the palette, (1, 0) blue
        assertEquals(List.of(255, 0, 0), List.of(a(b[0]), a(b[4]), a(b[8])));
        assertEquals(List.of(0, 0, 255), List.of(a(b[1]), a(b[5]), a(b[9])));
    }

    @Test
    void grayFoldersNeedGrayToRgbForAColourModel() throws Exception {
        image(gray(3, 3, 5), "png", root.resolve("a/x.png"));
        image(gray(3, 3, 100), "png", root.resolve("b/y.png"));

        DataException refused = assertThrows(DataException.class, () -> Datasets.open(request(root, 3, 3, 3)));
        assertTrue(
                refused.getMessage().startsWith(root + ": the images have 1 channel but the model takes 3"),
                refused.getMessage());

        ImageSet train = Datasets.open(new DataRequest(root, null, 3, 3, 3, true, 0, 1, 0, 0))
                .train();
        byte[] y = pixels(train, 1);
        // Exact gray values (read from the raster, not through a colour conversion), replicated.
        byte[] plane = {100, 101, 102, 101, 102, 103, 102, 103, 104};
        assertArrayEquals(plane, Arrays.copyOfRange(y, 0, 9));
        assertArrayEquals(plane, Arrays.copyOfRange(y, 9, 18));
        assertArrayEquals(plane, Arrays.copyOfRange(y, 18, 27));
    }

    @Test
    void nonSquareImagesAreResizedByTheShorterSideAndCentreCropped() throws Exception {
        BufferedImage wide = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                wide.getRaster().setSample(x, y, 0, 30 * x);
            }
        }
        image(wide, "png", root.resolve("a/wide.png"));
        image(gray(2, 2, 0), "png", root.resolve("b/small.png"));

        byte[] out = pixels(Datasets.open(request(root, 1, 2, 2)).train(), 0);

        // The centre 4x4 (columns 2..5) halved; output column 0 has centre 3.0 and takes columns 1..4
        // with weights 1/4, 3/4, 3/4, 1/4 (sum 2): (30/4 + 60*3/4 + 90*3/4 + 120/4) / 2 = 75;
        // column 1 (centre 5.0, columns 3..6): (90/4 + 120*3/4 + 150*3/4 + 180/4) / 2 = 135.
        assertArrayEquals(new int[] {75, 135, 75, 135}, new int[] {a(out[0]), a(out[1]), a(out[2]), a(out[3])});
    }

    @Test
    void trainAndValFoldersAreTheSplit() throws Exception {
        image(rgb(2, 2, 1, 1, 1), "png", root.resolve("train/a/1.png"));
        image(rgb(2, 2, 2, 2, 2), "png", root.resolve("train/b/2.png"));
        image(rgb(2, 2, 3, 3, 3), "png", root.resolve("train/b/3.png"));
        image(rgb(2, 2, 4, 4, 4), "png", root.resolve("val/b/4.png"));

        DataSplit split = Datasets.open(new DataRequest(root, DataFormat.FOLDER, 3, 2, 2, false, 0.5, 1, 0, 0));

        assertEquals(3, split.train().size());
        assertEquals(1, split.validation().size());
        assertEquals(1, split.validation().label(0), "class b of the training classes");
        assertEquals(List.of("a", "b"), split.validation().classNames());
        assertEquals(
                "ImageFolder at " + root + ": 2 classes, 3 train (train/), 1 validation (val/), images resized"
                        + " to 3x2x2",
                split.description());

        image(rgb(2, 2, 5, 5, 5), "png", root.resolve("val/c/5.png"));
        assertEquals(
                root.resolve("val/c") + ": class 'c' is not one of the 2 training classes",
                assertThrows(DataException.class, () -> Datasets.open(request(root, 3, 2, 2)))
                        .getMessage());
    }

    @Test
    void aFileThatIsNotAnImageFailsWhenListedByName() throws Exception {
        image(rgb(2, 2, 1, 1, 1), "png", root.resolve("a/good.png"));
        Path bad = Files.writeString(Files.createDirectories(root.resolve("b")).resolve("bad.png"), "plain text");

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(root, 3, 2, 2)));

        assertEquals(bad + ": not a PNG or JPEG image (unrecognised content)", e.getMessage());
    }

    @Test
    void aTruncatedImageFailsWhenDecodedByName() throws Exception {
        image(rgb(2, 2, 1, 1, 1), "png", root.resolve("a/good.png"));
        Path cut = image(rgb(64, 64, 1, 1, 1), "png", root.resolve("b/cut.png"));
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        ImageSet train = Datasets.open(request(root, 3, 2, 2)).train();

        DataException e = assertThrows(DataException.class, () -> pixels(train, 1));

        assertTrue(e.getMessage().startsWith(cut + ": cannot decode the image ("), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void anEmptyClassFolderIsAnError() throws Exception {
        image(rgb(2, 2, 1, 1, 1), "png", root.resolve("a/good.png"));
        Path empty = Files.createDirectories(root.resolve("b"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");

        DataException e = assertThrows(DataException.class, () -> Datasets.open(request(root, 3, 2, 2)));

        assertEquals(empty + ": no .png/.jpg/.jpeg images in this class folder", e.getMessage());
    }

    private static int a(byte b) {
        return b & 0xFF;
    }
}
