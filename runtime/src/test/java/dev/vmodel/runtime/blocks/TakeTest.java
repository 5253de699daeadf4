package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.Test;

class TakeTest extends TestBase {

    @Test
    void picksRowsOfATableByAnIndexTable() {
        // table [1, 4 rows, 2 heads], index [1, 2, 3]  ->  [1, 2, 3, 2]
        NDArray table = m.create(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, new Shape(1, 4, 2));
        NDArray index = m.create(new long[] {3, 0, 1, 1, 2, 3}, new Shape(1, 2, 3));
        NDList out = forwardList(new Take(), m, false, table, index);
        assertEquals(new Shape(1, 2, 3, 2), out.singletonOrThrow().getShape());
        assertClose(new float[] {30, 31, 0, 1, 10, 11, 10, 11, 20, 21, 30, 31}, out.singletonOrThrow());
        assertOutputShapes(new Take(), out, new Shape(1, 4, 2), new Shape(1, 2, 3));
    }

    @Test
    void aTableWithABatchAndNoTrailingAxes() {
        NDArray table = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
        NDArray index = m.create(new long[] {2, 2, 0}, new Shape(1, 3));
        assertClose(
                new float[] {3, 3, 1, 6, 6, 4},
                forwardList(new Take(), m, false, table, index).singletonOrThrow());
    }

    @Test
    void gradientCountsHowOftenEachRowIsTaken() {
        NDArray table = m.create(new float[] {0, 1, 10, 11, 20, 21}, new Shape(1, 3, 2));
        table.setRequiresGradient(true);
        NDArray index = m.create(new long[] {2, 0, 2, 2}, new Shape(1, 2, 2));
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            gc.backward(forwardList(new Take(), m, true, table, index)
                    .singletonOrThrow()
                    .sum());
        }
        assertClose(new float[] {1, 1, 0, 0, 3, 3}, table.getGradient());
    }

    @Test
    void needsAnInt64ConstIndex() {
        NDArray table = m.zeros(new Shape(1, 3, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> forwardList(new Take(), m, false, table, m.zeros(new Shape(1, 2), DataType.FLOAT32)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Take().getOutputShapes(new Shape[] {new Shape(1, 3, 2), new Shape(4, 2)}));
        assertEquals("take needs a const index table [1, ...], got (4, 2) (with the table (1, 3, 2))", e.getMessage());
    }
}
