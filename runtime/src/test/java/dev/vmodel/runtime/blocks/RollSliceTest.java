package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class RollSliceTest extends TestBase {

    @Test
    void rollMovesElementsTowardsTheEnd() {
        NDArray x = m.arange(5f).reshape(1, 5);
        assertClose(new float[] {3, 4, 0, 1, 2}, forward(new Roll(2, 0), m, x));
        assertClose(new float[] {1, 2, 3, 4, 0}, forward(new Roll(-1, 0), m, x));
        assertClose(new float[] {0, 1, 2, 3, 4}, forward(new Roll(5, 0), m, x));
    }

    @Test
    void rollAlongALaterAxisOfEachExample() {
        // [2 examples, 2 rows, 3 columns], roll columns by 1 (axis -1) and rows by -1 (axis 0).
        NDArray x = m.arange(12f).reshape(2, 2, 3);
        NDList cols = forwardList(new Roll(1, -1), m, false, x);
        assertClose(new float[] {2, 0, 1, 5, 3, 4, 8, 6, 7, 11, 9, 10}, cols.singletonOrThrow());
        assertOutputShapes(new Roll(1, -1), cols, new Shape(2, 2, 3));
        assertClose(new float[] {3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8}, forward(new Roll(-1, 0), m, x));
    }

    @Test
    void rollOnAMissingAxis() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new Roll(1, 2).getOutputShapes(new Shape[] {new Shape(2, 3, 4)}));
        assertEquals("roll: axis 2 does not exist in (2, 3, 4), which has 2 axes after the batch axis", e.getMessage());
    }

    @Test
    void sliceFollowsPythonRules() {
        NDArray x = m.arange(6f).reshape(1, 6);
        Slice middle = Slice.builder().setStart(1).optEnd(-1).optStep(2).build();
        NDList out = forwardList(middle, m, false, x);
        assertClose(new float[] {1, 3}, out.singletonOrThrow());
        assertOutputShapes(middle, out, new Shape(1, 6));
        assertClose(new float[] {4, 5}, forward(Slice.builder().setStart(-2).build(), m, x));
        assertClose(
                new float[] {0, 1, 2, 3, 4, 5},
                forward(Slice.builder().setStart(-10).optEnd(99).build(), m, x));
    }

    @Test
    void sliceAlongTheLastAxisOfTokens() {
        NDArray x = m.arange(12f).reshape(2, 2, 3);
        Slice s = Slice.builder().setStart(1).optAxis(-1).build();
        NDList out = forwardList(s, m, false, x);
        assertEquals(new Shape(2, 2, 2), out.singletonOrThrow().getShape());
        assertClose(new float[] {1, 2, 4, 5, 7, 8, 10, 11}, out.singletonOrThrow());
        assertOutputShapes(s, out, new Shape(2, 2, 3));
    }

    @Test
    void emptySliceAndBadStep() {
        Slice empty = Slice.builder().setStart(4).optEnd(2).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> empty.getOutputShapes(new Shape[] {new Shape(1, 6)}));
        assertEquals("slice 4:2:1 of axis 0 (size 6) of (1, 6) is empty", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Slice.builder().setStart(0).optStep(0).build());
        assertThrows(IllegalArgumentException.class, () -> Slice.builder().build());
    }
}
