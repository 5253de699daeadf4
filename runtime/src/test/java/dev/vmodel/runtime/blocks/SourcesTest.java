package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.init.Inits;
import org.junit.jupiter.api.Test;

class SourcesTest extends TestBase {

    @Test
    void weightIsItsParameterWithALeadingAxisOfOne() throws Exception {
        Weight w = init(new Weight(Inits.truncNormal(0.02f), 3, 2), m);
        assertEquals(6, paramCount(w));
        assertEquals(new Shape(3, 2), w.getWeight().getArray().getShape());
        float[] v = {1, 2, 3, 4, 5, 6};
        set(w.getWeight(), v);
        NDList out = forwardList(w, m, false);
        assertEquals(new Shape(1, 3, 2), out.singletonOrThrow().getShape());
        assertClose(v, out.singletonOrThrow());
        assertOutputShapes(w, out);
        assertSaveLoad(w, () -> new Weight(Inits.zeros(), 3, 2), m);
        assertGradients(w, m);
    }

    @Test
    void sourcesTakeNoInput() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Weight(Inits.zeros(), 3).getOutputShapes(new Shape[] {new Shape(1, 3)}));
        assertEquals(
                "weight [3] takes no input (it starts a dataflow, run it with Flow.source), got 1", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> forwardList(new ConstTable(new long[] {2}, at -> 0), m, false, m.zeros(new Shape(1, 2))));
    }

    @Test
    void weightNeedsSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Weight(Inits.zeros()));
        assertThrows(IllegalArgumentException.class, () -> new Weight(Inits.zeros(), 3, 0));
    }

    @Test
    void constTableEvaluatesItsFunctionAtEachIndexRowMajor() {
        ConstTable t = init(new ConstTable(new long[] {2, 3}, at -> 10 * at[0] + at[1]), m);
        assertEquals(0, paramCount(t));
        NDList out = forwardList(t, m, false);
        assertEquals(new Shape(1, 2, 3), out.singletonOrThrow().getShape());
        assertEquals(DataType.FLOAT32, out.singletonOrThrow().getDataType());
        assertClose(new float[] {0, 1, 2, 10, 11, 12}, out.singletonOrThrow());
        assertOutputShapes(t, out);
    }

    @Test
    void indexTableIsInt64() {
        // Swin's relative position index for a 2x2 window: (i/2 - j/2 + 1) * 3 + (i%2 - j%2 + 1).
        ConstTable t = new ConstTable(
                new long[] {4, 4},
                at -> (Math.floorDiv(at[0], 2) - Math.floorDiv(at[1], 2) + 1) * 3
                        + (Math.floorMod(at[0], 2) - Math.floorMod(at[1], 2) + 1),
                DataType.INT64);
        NDArray out = forwardList(t, m, false).singletonOrThrow();
        assertEquals(DataType.INT64, out.getDataType());
        assertArrayEquals(new long[] {4, 3, 1, 0, 5, 4, 2, 1, 7, 6, 4, 3, 8, 7, 5, 4}, out.toLongArray());
    }

    @Test
    void indexTableRejectsFractions() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ConstTable(new long[] {2, 2}, at -> at[1] / 2.0, DataType.INT64));
        assertEquals(
                "const table [2, 2]: value 0.5 at [0, 1] is not a whole number, as an index table needs",
                e.getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> new ConstTable(new long[] {2}, at -> 0, DataType.FLOAT16))
                .getMessage()
                .contains("float32 or int64"));
    }
}
