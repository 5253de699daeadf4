package dev.vmodel.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitAndPlanTest {
    private static DataRequest synthetic(int size, int classes, double split, long seed) {
        return new DataRequest(null, DataFormat.SYNTHETIC, 3, 8, 8, false, split, seed, size, classes);
    }

    /** The synthetic index of each image of a subset, found by its pixels (each image is unique). */
    private static Set<String> contents(ImageSet set) throws DataException {
        Set<String> images = new HashSet<>();
        for (int i = 0; i < set.size(); i++) {
            images.add(Arrays.toString(DataFixtures.pixels(set, i)));
        }
        return images;
    }

    @Test
    void seededSplitIsRepeatableDisjointAndSized() throws Exception {
        DataSplit a = Datasets.open(synthetic(50, 4, 0.2, 3));
        DataSplit b = Datasets.open(synthetic(50, 4, 0.2, 3));
        DataSplit c = Datasets.open(synthetic(50, 4, 0.2, 4));

        assertEquals(40, a.train().size());
        assertEquals(10, a.validation().size());
        assertEquals(contents(a.validation()), contents(b.validation()));
        Set<String> train = contents(a.train());
        Set<String> validation = contents(a.validation());
        assertEquals(40, train.size());
        assertEquals(10, validation.size());
        train.retainAll(validation);
        assertTrue(train.isEmpty(), "disjoint");
        // seed 4 makes other images and another split; compare the split as positions instead
        ImageSet all = new SyntheticImageSet(50, 4, 3, 8, 8, 3);
        ImageSet[] s3 = Datasets.split(all, 0.2, 3);
        ImageSet[] s4 = Datasets.split(all, 0.2, 4);
        assertFalse(contents(s3[1]).equals(contents(s4[1])), "another seed, another split");
        assertEquals(10, c.validation().size());
        assertEquals(
                "synthetic: 50 images of 4 classes, 3x8x8, 40 train, 10 validation (20% held out, seed 3)",
                a.description());
    }

    @Test
    void noSplitMeansAnEmptyValidationSet() throws Exception {
        DataSplit split = Datasets.open(synthetic(10, 2, 0, 1));
        assertEquals(10, split.train().size());
        assertEquals(0, split.validation().size());
        assertEquals(3, split.validation().channels());
    }

    @Test
    void badRequestsAreOneLine() {
        assertEquals(
                "validation split 1.0 is not in [0, 1)",
                assertThrows(DataException.class, () -> Datasets.open(synthetic(10, 2, 1.0, 1)))
                        .getMessage());
        assertEquals(
                "synthetic data: 100 classes do not fit 8x8 images (at least 2, at most 64)",
                assertThrows(DataException.class, () -> Datasets.open(synthetic(10, 100, 0, 1)))
                        .getMessage());
    }

    @Test
    void syntheticImagesAreSeededAndShowTheirClass() throws Exception {
        ImageSet set = Datasets.open(synthetic(8, 4, 0, 5)).train();
        ImageSet same = Datasets.open(synthetic(8, 4, 0, 5)).train();
        assertArrayEquals(DataFixtures.pixels(set, 3), DataFixtures.pixels(same, 3));
        assertEquals(3, set.label(3));
        assertEquals(1, set.label(5));
        // 4 classes on a 2x2 grid of 4x4 cells: class 1 is bright (>= 192) in the top-right cell only.
        byte[] image = DataFixtures.pixels(set, 1);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int v = image[y * 8 + x] & 0xFF;
                boolean inCell = y < 4 && x >= 4;
                assertEquals(inCell, v >= 192, "pixel " + x + "," + y + " = " + v);
            }
        }
    }

    @Test
    void shuffledPlanIsASeededPermutationDroppingTheLastPartialBatch() {
        BatchPlan plan = new BatchPlan(10, 3, 42, 0, true);
        assertEquals(3, plan.steps());
        Set<Integer> seen = new HashSet<>();
        for (int step = 0; step < 3; step++) {
            for (int i : plan.indices(step)) {
                assertTrue(i >= 0 && i < 10);
                seen.add(i);
            }
            assertEquals(3, plan.indices(step).length);
        }
        assertEquals(9, seen.size(), "no index twice");

        BatchPlan again = new BatchPlan(10, 3, 42, 0, true);
        BatchPlan nextEpoch = new BatchPlan(10, 3, 42, 1, true);
        boolean differs = false;
        for (int step = 0; step < 3; step++) {
            assertArrayEquals(plan.indices(step), again.indices(step));
            differs |= !Arrays.equals(plan.indices(step), nextEpoch.indices(step));
        }
        assertTrue(differs, "each epoch has its own order");
    }

    @Test
    void everyImageComesFirstSometime() {
        // Over epochs the permutation is not stuck: each of 5 images leads some epoch's first batch.
        Set<Integer> firsts = new HashSet<>();
        for (int epoch = 0; epoch < 100; epoch++) {
            firsts.add(new BatchPlan(5, 5, 7, epoch, true).indices(0)[0]);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4), firsts);
    }

    @Test
    void evaluationPlanIsInOrderKeepingTheLastPartialBatch() {
        BatchPlan plan = new BatchPlan(10, 4, 1, 3, false);
        assertEquals(3, plan.steps());
        assertArrayEquals(new int[] {0, 1, 2, 3}, plan.indices(0));
        assertArrayEquals(new int[] {8, 9}, plan.indices(2));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.indices(3));
    }

    @Test
    void aSetSmallerThanOneBatchStillTrains() {
        BatchPlan plan = new BatchPlan(5, 8, 1, 0, true);
        assertEquals(1, plan.steps());
        int[] indices = plan.indices(0).clone();
        Arrays.sort(indices);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, indices);
        assertEquals(0, new BatchPlan(0, 8, 1, 0, true).steps());
    }
}
