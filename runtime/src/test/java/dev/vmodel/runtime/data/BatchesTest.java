package dev.vmodel.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static final Normalization RAW = Normalization.named("none", 1);

    /** A 1-channel set of h x w images; image i has pixel value {@code values[i][p]}, label i % classes. */
    private static ImageSet set(int h, int w, int classes, int[]... values) {
        byte[] data = new byte[values.length * h * w];
        int[] labels = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            for (int p = 0; p < h * w; p++) {
                data[i * h * w + p] = (byte) values[i][p];
            }
            labels[i] = i % classes;
        }
        return new ArrayImageSet("test", data, 1, h, w, labels, DataFiles.numberedClasses(classes), 1, h, w);
    }

    /** An image of value {@code base + p}, p the pixel's position. */
    private static int[] ramp(int pixels, int base) {
        int[] v = new int[pixels];
        Arrays.setAll(v, p -> base + p);
        return v;
    }

    private static int[] constant(int pixels, int value) {
        int[] v = new int[pixels];
        Arrays.fill(v, value);
        return v;
    }

    /** The pixel values of image j of the batch, back from the [0, 1] scale of the "none" normalisation. */
    private static int[] values(Batch batch, int j) {
        int chw = batch.c() * batch.h() * batch.w();
        int[] v = new int[chw];
        for (int p = 0; p < chw; p++) {
            v[p] = Math.round(batch.images()[j * chw + p] * 255);
        }
        return v;
    }

    @Test
    void withoutAugmentationImagesAreNormalisedAndTargetsSmoothed() throws Exception {
        ImageSet set = set(1, 2, 4, new int[] {0, 255}, new int[] {128, 64});
        Normalization norm = new Normalization(new float[] {0.5f}, new float[] {0.25f});

        Batch batch = Batches.assemble(set, new int[] {1, 0}, Augmentation.NONE, norm, 0.1, 3);

        assertEquals(List.of(2, 1, 1, 2, 4), List.of(batch.n(), batch.c(), batch.h(), batch.w(), batch.classes()));
        assertArrayEquals(
                new float[] {(128 / 255f - 0.5f) / 0.25f, (64 / 255f - 0.5f) / 0.25f, -2f, 2f}, batch.images(), 1e-6f);
        assertArrayEquals(new int[] {1, 0}, batch.labels());
        // s = 0.1, K = 4: 1 - s + s/K = 0.925 on the label, s/K = 0.025 elsewhere.
        assertArrayEquals(
                new float[] {0.025f, 0.925f, 0.025f, 0.025f, 0.925f, 0.025f, 0.025f, 0.025f}, batch.targets(), 1e-7f);
    }

    @Test
    void flipMirrorsExactlyAboutHalfTheTime() throws Exception {
        int[] image = ramp(6, 10); // 2 rows of 3: [10 11 12] [13 14 15]
        ImageSet set = set(2, 3, 2, image);
        Augmentation flip = new Augmentation(0, false, 0.08, true, 0, 0);
        int flipped = 0;
        for (long seed = 0; seed < 200; seed++) {
            int[] out = values(Batches.assemble(set, new int[] {0}, flip, RAW, 0, seed), 0);
            if (Arrays.equals(out, new int[] {12, 11, 10, 15, 14, 13})) {
                flipped++;
            } else {
                assertArrayEquals(image, out, "either mirrored or untouched");
            }
        }
        assertTrue(flipped > 70 && flipped < 130, flipped + " of 200 flipped");
    }

    @Test
    void paddedCropShiftsAndFillsWithZeros() {
        byte[] src = new byte[12]; // 3 rows of 4: value 1 + p
        for (int p = 0; p < 12; p++) {
            src[p] = (byte) (1 + p);
        }
        byte[] dst = new byte[12];

        Batches.paddedCrop(src, dst, 1, 3, 4, 1, -2); // dst[y][x] = src[y + 1][x - 2]

        assertArrayEquals(new byte[] {0, 0, 5, 6, 0, 0, 9, 10, 0, 0, 0, 0}, dst);
    }

    @Test
    void randomCropWithPaddingIsTheInputAtOneShiftWithZerosOutside() throws Exception {
        int h = 5;
        int w = 6;
        int[] image = ramp(h * w, 1); // no zero in the image, so zeros can only be padding
        ImageSet set = set(h, w, 2, image);
        Augmentation crop = new Augmentation(2, false, 0.08, false, 0, 0);
        boolean[][] seen = new boolean[5][5];
        for (long seed = 0; seed < 300; seed++) {
            int[] out = values(Batches.assemble(set, new int[] {0}, crop, RAW, 0, seed), 0);
            int matches = 0;
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) {
                    if (shiftedBy(image, out, h, w, dy, dx)) {
                        matches++;
                        seen[dy + 2][dx + 2] = true;
                    }
                }
            }
            assertEquals(1, matches, "exactly one shift explains seed " + seed + ": " + Arrays.toString(out));
        }
        for (boolean[] row : seen) {
            for (boolean s : row) {
                assertTrue(s, "every shift in [-2, 2] x [-2, 2] occurs");
            }
        }
    }

    private static boolean shiftedBy(int[] in, int[] out, int h, int w, int dy, int dx) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sy = y + dy;
                int sx = x + dx;
                int expected = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[sy * w + sx] : 0;
                if (out[y * w + x] != expected) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void randomResizedCropAtFullScaleOfASquareImageIsTheImage() throws Exception {
        int[] image = ramp(64, 3);
        ImageSet set = set(8, 8, 2, image);
        Augmentation full = new Augmentation(0, true, 1.0, false, 0, 0);
        for (long seed = 0; seed < 20; seed++) {
            assertArrayEquals(image, values(Batches.assemble(set, new int[] {0}, full, RAW, 0, seed), 0));
        }
    }

    @Test
    void randomResizedCropZoomsIntoTheImage() throws Exception {
        int h = 16;
        int w = 16;
        int[] columns = new int[h * w]; // value 10 * x: rows increase left to right
        Arrays.setAll(columns, p -> 10 * (p % w));
        ImageSet set = set(h, w, 2, columns);
        Augmentation rrc = new Augmentation(0, true, 0.08, false, 0, 0);
        int zoomed = 0;
        for (long seed = 0; seed < 30; seed++) {
            int[] out = values(Batches.assemble(set, new int[] {0}, rrc, RAW, 0, seed), 0);
            for (int y = 0; y < h; y++) {
                assertArrayEquals(
                        Arrays.copyOfRange(out, 0, w), Arrays.copyOfRange(out, y * w, (y + 1) * w), "rows stay equal");
                for (int x = 1; x < w; x++) {
                    assertTrue(out[y * w + x] >= out[y * w + x - 1], "columns stay in order");
                }
            }
            // A crop narrower than the image spans less than the full 0..150 range.
            if (out[w - 1] - out[0] < 150 - 20) {
                zoomed++;
            }
        }
        assertTrue(zoomed > 15, zoomed + " of 30 crops zoomed in");
    }

    @Test
    void mixupBlendsImagesAndTargetsWithOneLambda() throws Exception {
        ImageSet set = set(4, 4, 2, constant(16, 10), constant(16, 200));
        Augmentation mixup = new Augmentation(0, false, 0.08, false, 0.8, 0);
        for (long seed = 0; seed < 20; seed++) {
            Batch batch = Batches.assemble(set, new int[] {0, 1}, mixup, RAW, 0.1, seed);
            float[] t = batch.targets();
            // Smoothed targets [0.95, 0.05] and [0.05, 0.95], mixed: row 0 = lam*a + (1-lam)*b.
            double lambda = (t[0] - 0.05) / 0.9;
            assertTrue(lambda >= 0 && lambda <= 1, "lambda " + lambda);
            assertEquals(1.0, t[0] + t[1], 1e-6);
            assertEquals(1.0, t[2] + t[3], 1e-6);
            assertEquals(1 - lambda, (t[2] - 0.05) / 0.9, 1e-6, "image 1 mixes with image 0 by 1 - lambda");
            float mixed0 = (float) ((lambda * 10 + (1 - lambda) * 200) / 255);
            float mixed1 = (float) (((1 - lambda) * 10 + lambda * 200) / 255);
            for (int p = 0; p < 16; p++) {
                assertEquals(mixed0, batch.images()[p], 1e-5);
                assertEquals(mixed1, batch.images()[16 + p], 1e-5);
            }
        }
    }

    @Test
    void cutmixPastesABoxWhoseAreaIsOneMinusLambda() throws Exception {
        ImageSet set = set(16, 16, 3, constant(256, 10), constant(256, 100), constant(256, 200));
        Augmentation cutmix = new Augmentation(0, false, 0.08, false, 0, 1.0);
        boolean pasted = false;
        for (long seed = 0; seed < 30; seed++) {
            Batch batch = Batches.assemble(set, new int[] {0, 1, 2}, cutmix, RAW, 0, seed);
            float[] t = batch.targets();
            double lambda = t[0]; // row 0: label 0 by lambda, label 2 (the reversed batch) by 1 - lambda
            int[] first = values(batch, 0);
            long fromLast = Arrays.stream(first).filter(v -> v == 200).count();
            long own = Arrays.stream(first).filter(v -> v == 10).count();
            assertEquals(256, fromLast + own, "only the two images' values");
            assertEquals(1 - lambda, fromLast / 256.0, 1e-6, "the box's area is 1 - lambda");
            assertEquals(1 - lambda, t[2], 1e-6);
            assertEquals(0f, t[1]);
            assertArrayEquals(
                    new int[256],
                    Arrays.stream(values(batch, 1)).map(v -> v - 100).toArray(),
                    "the middle mixes with itself");
            for (int j = 0; j < 3; j++) {
                assertEquals(1.0, t[3 * j] + t[3 * j + 1] + t[3 * j + 2], 1e-6);
            }
            pasted |= fromLast > 0;
        }
        assertTrue(pasted);
    }

    @Test
    void withBothOnEachBatchIsEitherMixupOrCutmix() throws Exception {
        ImageSet set = set(8, 8, 2, constant(64, 0), constant(64, 255));
        Augmentation both = new Augmentation(0, false, 0.08, false, 1.0, 1.0);
        int mixups = 0;
        int cutmixes = 0;
        for (long seed = 0; seed < 60; seed++) {
            int[] first = values(Batches.assemble(set, new int[] {0, 1}, both, RAW, 0, seed), 0);
            boolean onlyEnds = Arrays.stream(first).allMatch(v -> v == 0 || v == 255);
            boolean uniform = Arrays.stream(first).allMatch(v -> v == first[0]);
            if (uniform && !onlyEnds) {
                mixups++;
            } else if (onlyEnds && !uniform) {
                cutmixes++;
            }
        }
        assertTrue(mixups > 15 && cutmixes > 10, mixups + " mixups, " + cutmixes + " cutmixes of 60");
    }

    @Test
    void sameSeedSameBatchDifferentSeedDifferentBatch() throws Exception {
        int[][] images = new int[8][];
        for (int i = 0; i < 8; i++) {
            images[i] = ramp(144, i * 7);
        }
        ImageSet set = set(12, 12, 4, images);
        Augmentation all = new Augmentation(2, true, 0.3, true, 0.8, 1.0);
        int[] indices = {5, 1, 7, 2};

        Batch a = Batches.assemble(set, indices, all, RAW, 0.1, 42);
        Batch b = Batches.assemble(set, indices, all, RAW, 0.1, 42);
        Batch c = Batches.assemble(set, indices, all, RAW, 0.1, 43);

        assertArrayEquals(a.images(), b.images());
        assertArrayEquals(a.targets(), b.targets());
        assertFalse(Arrays.equals(a.images(), c.images()));
    }

    @Test
    void largeBatchesAreThePureFunctionEvenInParallel() throws Exception {
        // 64 images of 3x32x32 take the parallel path; each image must not depend on the thread.
        ImageSet set = new SyntheticImageSet(64, 4, 3, 32, 32, 9);
        Augmentation aug = new Augmentation(4, false, 0.08, true, 0, 0);
        Normalization norm = Normalization.named("cifar", 3);
        int[] all = new int[64];
        Arrays.setAll(all, i -> i);

        Batch batch = Batches.assemble(set, all, aug, norm, 0, 5);
        Batch again = Batches.assemble(set, all, aug, norm, 0, 5);

        assertArrayEquals(batch.images(), again.images());
    }

    @Test
    void aFailingImageFailsTheBatchWithItsMessage() {
        ImageSet failing = new ImageSet("failing", 3, 32, 32, DataFiles.numberedClasses(2)) {
            @Override
            public int size() {
                return 64;
            }

            @Override
            public int label(int i) {
                return i % 2;
            }

            @Override
            public void pixels(int i, byte[] dst) throws DataException {
                if (i == 17) {
                    throw new DataException("/d/x.png: cannot decode the image");
                }
            }
        };
        int[] all = new int[64];
        Arrays.setAll(all, i -> i);

        DataException e = assertThrows(
                DataException.class,
                () -> Batches.assemble(failing, all, Augmentation.NONE, Normalization.named("half", 3), 0, 1));

        assertEquals("/d/x.png: cannot decode the image", e.getMessage());
    }

    @Test
    void normalisationMustMatchTheChannels() {
        ImageSet set = set(1, 1, 2, new int[] {1});
        assertThrows(
                IllegalArgumentException.class,
                () -> Batches.assemble(set, new int[] {0}, Augmentation.NONE, Normalization.named("half", 3), 0, 1));
    }
}
