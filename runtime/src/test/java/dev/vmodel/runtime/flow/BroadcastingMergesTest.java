package dev.vmodel.runtime.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The element-wise merges broadcast as the spec does: size-1 axes go right after the batch axis. */
class BroadcastingMergesTest {

    private NDManager m;
    private Flow<NDList> f;

    @BeforeEach
    void open() {
        m = Engines.newBaseManager();
        f = Flow.forward(new ParameterStore(m, false), false, null, m);
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void constantOfLowerRankAddsAlongItsOwnAxes() {
        // [1, 3, 1] (per example [3, 1]) + [2, 2, 3, 4]: a[0, j, 0] + b[n, i, j, k]
        NDArray a = m.create(new float[] {100, 200, 300}, new Shape(1, 3, 1));
        NDArray b = m.arange(48f).reshape(2, 2, 3, 4);
        NDArray y = f.add(new NDList(a), new NDList(b)).singletonOrThrow();
        assertEquals(new Shape(2, 2, 3, 4), y.getShape());
        float[] expected = new float[48];
        for (int i = 0; i < 48; i++) expected[i] = i + 100 * ((i / 4) % 3 + 1);
        assertArrayEquals(expected, y.toFloatArray());
        assertArrayEquals(
                new Shape[] {new Shape(2, 2, 3, 4)},
                Flow.shapes().add(new Shape[] {new Shape(1, 3, 1)}, new Shape[] {new Shape(2, 2, 3, 4)}));
    }

    @Test
    void batchVectorAgainstBatchTokensKeepsExamplesApart() {
        // per example [3] - [2, 3]: each example's vector is subtracted from its own tokens
        NDArray v = m.create(new float[] {1, 2, 3, 10, 20, 30}, new Shape(2, 3));
        NDArray t = m.zeros(new Shape(2, 2, 3));
        NDArray y = f.subtract(new NDList(t), new NDList(v)).singletonOrThrow();
        assertArrayEquals(new float[] {-1, -2, -3, -1, -2, -3, -10, -20, -30, -10, -20, -30}, y.toFloatArray());
        assertArrayEquals(
                new Shape[] {new Shape(2, 2, 3)},
                Flow.shapes().subtract(new Shape[] {new Shape(2, 2, 3)}, new Shape[] {new Shape(2, 3)}));
    }

    @Test
    void divideAndMultiplyBroadcastToo() {
        NDArray x = m.create(new float[] {2, 4, 6, 8}, new Shape(1, 2, 2));
        NDArray d = m.create(new float[] {2, 4}, new Shape(1, 2));
        assertArrayEquals(
                new float[] {1, 1, 3, 2},
                f.divide(new NDList(x), new NDList(d)).head().toFloatArray());
        assertArrayEquals(
                new float[] {4, 16, 12, 32},
                f.multiply(new NDList(x), new NDList(d)).head().toFloatArray());
        assertArrayEquals(
                new Shape[] {new Shape(4, 2, 2)},
                Flow.shapes().divide(new Shape[] {new Shape(1, 2)}, new Shape[] {new Shape(4, 2, 2)}));
    }

    @Test
    void equalShapesMergeAsBefore() {
        NDArray a = m.arange(6f).reshape(1, 2, 3);
        NDArray b = m.ones(new Shape(1, 2, 3));
        assertArrayEquals(
                a.add(b).toFloatArray(),
                f.add(new NDList(a), new NDList(b)).head().toFloatArray());
        Shape[] s = {new Shape(1, 2, 3)};
        assertSame(s, Flow.shapes().multiply(s, new Shape[] {new Shape(1, 2, 3)}));
    }

    @Test
    void shapesThatDoNotBroadcastNameBoth() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Flow.shapes().add(new Shape[] {new Shape(2, 3, 4)}, new Shape[] {new Shape(2, 5, 4)}));
        assertEquals(
                "cannot add (2, 3, 4) and (2, 5, 4): [3, 4] and [5, 4] do not broadcast: axis 0 of the result "
                        + "is 3 in one and 5 in the other (each pair must be equal or one of them 1)",
                e.getMessage());
        IllegalArgumentException batch = assertThrows(
                IllegalArgumentException.class,
                () -> Flow.shapes().add(new Shape[] {new Shape(2, 4)}, new Shape[] {new Shape(3, 4)}));
        assertEquals("cannot add (2, 4) and (3, 4): batch 2 against batch 3", batch.getMessage());
    }
}
