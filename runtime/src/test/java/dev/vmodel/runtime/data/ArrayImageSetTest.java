package dev.vmodel.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayImageSetTest {
    @Test
    void resizingWhenReadGivesTheSamePixelsAsResizingOnce() throws Exception {
        int n = 3;
        byte[] data = new byte[n * 5 * 7];
        for (int p = 0; p < data.length; p++) {
            data[p] = (byte) (p * 37 % 251);
        }
        int[] labels = {0, 1, 0};
        List<String> names = List.of("a", "b");
        ImageSet once = new ArrayImageSet("once", data, 1, 5, 7, labels, names, 3, 9, 6);
        ImageSet lazily = new ArrayImageSet("lazy", data, 1, 5, 7, labels, names, 3, 9, 6, 0);

        for (int i = 0; i < n; i++) {
            byte[] expected = DataFixtures.pixels(once, i);
            assertArrayEquals(expected, DataFixtures.pixels(lazily, i), "image " + i);
            assertArrayEquals(Arrays.copyOfRange(expected, 0, 54), Arrays.copyOfRange(expected, 108, 162));
        }
        assertEquals(3 * 9 * 6, once.imageBytes());
    }

    @Test
    void subsetsOfSubsetsReadTheBaseImages() throws Exception {
        byte[] data = {10, 20, 30, 40};
        ImageSet set = new ArrayImageSet("s", data, 1, 1, 1, new int[] {0, 1, 0, 1}, List.of("a", "b"), 1, 1, 1);

        ImageSet inner = set.subset(new int[] {3, 1, 2}).subset(new int[] {2, 0});

        assertEquals(2, inner.size());
        assertArrayEquals(new byte[] {30}, DataFixtures.pixels(inner, 0));
        assertArrayEquals(new byte[] {40}, DataFixtures.pixels(inner, 1));
        assertEquals(1, inner.label(1));
    }
}
