package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.Test;

class EinsumTest extends TestBase {

    @Test
    void attentionScoresMatchALoop() {
        // "h n d, h m d -> h n m" on [B=2, h=2, n=3, d=4] and [2, 2, m=5, 4]
        NDArray q = input(m, 2, 2, 3, 4);
        NDArray k = input(m, 2, 2, 5, 4).mul(-0.5f);
        Einsum e = new Einsum("h n d, h m d -> h n m");
        NDList out = forwardList(e, m, false, q, k);
        float[] qv = q.toFloatArray();
        float[] kv = k.toFloatArray();
        float[] expected = new float[2 * 2 * 3 * 5];
        for (int b = 0; b < 2; b++)
            for (int h = 0; h < 2; h++)
                for (int n = 0; n < 3; n++)
                    for (int j = 0; j < 5; j++) {
                        float s = 0;
                        for (int d = 0; d < 4; d++) {
                            s += qv[((b * 2 + h) * 3 + n) * 4 + d] * kv[((b * 2 + h) * 5 + j) * 4 + d];
                        }
                        expected[((b * 2 + h) * 3 + n) * 5 + j] = s;
                    }
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(e, out, new Shape(2, 2, 3, 4), new Shape(2, 2, 5, 4));
    }

    @Test
    void constantOperandBroadcastsOverTheBatchAndOutputIsReordered() {
        // "n c, c k -> k n": x [B=3, n=2, c=4] against a weight [1, c=4, k=2], output transposed.
        NDArray x = input(m, 3, 2, 4);
        NDArray w = m.create(new float[] {1, 0, 0, 1, 2, 0, 0, -1}, new Shape(1, 4, 2));
        Einsum e = new Einsum("n c, c k -> k n");
        NDList out = forwardList(e, m, false, x, w);
        assertEquals(new Shape(3, 2, 2), out.singletonOrThrow().getShape());
        float[] xv = x.toFloatArray();
        float[] expected = new float[12];
        for (int b = 0; b < 3; b++)
            for (int n = 0; n < 2; n++) {
                int row = (b * 2 + n) * 4;
                // k = 0: 1*x0 + 0*x1 + 2*x2 + 0*x3; k = 1: x1 - x3
                expected[(b * 2) * 2 + n] = xv[row] + 2 * xv[row + 2];
                expected[(b * 2 + 1) * 2 + n] = xv[row + 1] - xv[row + 3];
            }
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(e, out, new Shape(3, 2, 4), new Shape(1, 4, 2));
    }

    @Test
    void indicesFoundInOneOperandOnlyAreSummed() {
        // "a x, y b -> a b": outer product of the row sums of a and the column sums of b.
        NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
        NDArray b = m.create(new float[] {1, 10, 100, 1000, 5, 50}, new Shape(1, 3, 2));
        NDArray out = forwardList(new Einsum("a x, y b -> a b"), m, false, a, b).singletonOrThrow();
        // row sums of a: 3, 7; column sums of b: 106, 1060
        assertClose(new float[] {318, 3180, 742, 7420}, out);
    }

    @Test
    void gradientsReachBothOperands() {
        NDArray a = input(m, 2, 3, 4);
        NDArray b = input(m, 1, 4, 5);
        a.setRequiresGradient(true);
        b.setRequiresGradient(true);
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray y =
                    forwardList(new Einsum("n c, c k -> n k"), m, true, a, b).singletonOrThrow();
            gc.backward(y.sum());
        }
        // d(sum)/da[b, n, c] = sum_k B[c, k];  d(sum)/dB[c, k] = sum_{b, n} a[b, n, c]
        assertClose(
                b.sum(new int[] {2})
                        .broadcast(1, 4)
                        .repeat(0, 6)
                        .reshape(2, 3, 4)
                        .toFloatArray(),
                a.getGradient());
        assertEquals(new Shape(1, 4, 5), b.getGradient().getShape());
        assertClose(a.sum(new int[] {0, 1}).reshape(1, 4, 1).repeat(2, 5).toFloatArray(), b.getGradient());
    }

    @Test
    void mismatchedSizesSayBothShapes() {
        Einsum e = new Einsum("h n d, h m d -> h n m");
        Exception ex = assertThrows(
                RuntimeException.class,
                () -> e.getOutputShapes(new Shape[] {new Shape(2, 3, 4, 8), new Shape(2, 3, 4, 6)}));
        assertTrue(ex.getMessage().contains("'d' is 8 in the first operand but 6 in the second"), ex.getMessage());
        Exception batch = assertThrows(
                IllegalArgumentException.class,
                () -> e.getOutputShapes(new Shape[] {new Shape(2, 3, 4, 8), new Shape(3, 3, 4, 8)}));
        assertTrue(batch.getMessage().endsWith("batch 2 against batch 3"), batch.getMessage());
    }
}
