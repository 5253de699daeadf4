package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import org.junit.jupiter.api.Test;

class TokenMixingTest extends TestBase {

    private static TokenMixing mixer(long units) {
        return new TokenMixing(Linear.builder().setUnits(units).build());
    }

    @Test
    void linearActsAcrossTokens() throws Exception {
        int b = 2, n = 3, d = 4;
        TokenMixing mix = init(mixer(n), m, new Shape(b, n, d));
        Linear inner = (Linear) mix.getInner();
        assertEquals(n * n + n, paramCount(mix));
        float[] w = values(n * n, 0.5f); // [out n, in n]
        float[] bias = {0.1f, -0.2f, 0.3f};
        set(inner.getParameters().get("weight"), w);
        set(inner.getParameters().get("bias"), bias);
        NDArray x = input(m, b, n, d);
        float[] xv = x.toFloatArray();
        float[] expected = new float[b * n * d];
        for (int bb = 0; bb < b; bb++) {
            for (int o = 0; o < n; o++) {
                for (int c = 0; c < d; c++) {
                    double acc = bias[o];
                    for (int i = 0; i < n; i++) {
                        acc += w[o * n + i] * xv[(bb * n + i) * d + c];
                    }
                    expected[(bb * n + o) * d + c] = (float) acc;
                }
            }
        }
        NDList out = forwardList(mix, m, false, x);
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(mix, out, new Shape(b, n, d));
        assertSaveLoad(mix, () -> mixer(n), m, x);
        assertGradients(mix, m, x);
    }

    @Test
    void innerMayChangeTheTokenCount() {
        TokenMixing mix = init(mixer(7), m, new Shape(2, 3, 4));
        NDList out = forwardList(mix, m, false, input(m, 2, 3, 4));
        assertEquals(new Shape(2, 7, 4), out.singletonOrThrow().getShape());
        assertOutputShapes(mix, out, new Shape(2, 3, 4));
    }

    @Test
    void rejectsImages() {
        assertThrows(
                IllegalArgumentException.class, () -> init(mixer(3), m, new Shape(1, 2, 3, 4)));
    }
}
