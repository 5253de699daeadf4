package dev.vmodel.semantic.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BroadcastTest {

    @Test
    void sameShape() {
        assertArrayEquals(new long[] {3, 4}, Broadcast.shape(new long[] {3, 4}, new long[] {3, 4}));
    }

    @Test
    void lowerRankRightAligns() {
        assertArrayEquals(new long[] {2, 3, 4}, Broadcast.shape(new long[] {3, 1}, new long[] {2, 3, 4}));
        assertArrayEquals(new long[] {2, 3, 4}, Broadcast.shape(new long[] {2, 3, 4}, new long[] {4}));
    }

    @Test
    void sizeOneStretchesOnEitherSide() {
        assertArrayEquals(new long[] {5, 3, 7}, Broadcast.shape(new long[] {5, 1, 7}, new long[] {1, 3, 1}));
    }

    @Test
    void mismatchNamesBothShapesAndAxis() {
        PatternException e =
                assertThrows(PatternException.class, () -> Broadcast.shape(new long[] {3, 4}, new long[] {2, 5, 4}));
        assertEquals(
                "[3, 4] and [2, 5, 4] do not broadcast: axis 1 of the result is 3 in one and 5 in the other "
                        + "(each pair must be equal or one of them 1)",
                e.getMessage());
        assertEquals(-1, e.offset());
    }

    @Test
    void alignedPadsInFront() {
        assertArrayEquals(new long[] {1, 1, 3}, Broadcast.aligned(new long[] {3}, 3));
        assertArrayEquals(new long[] {2, 3}, Broadcast.aligned(new long[] {2, 3}, 2));
    }
}
