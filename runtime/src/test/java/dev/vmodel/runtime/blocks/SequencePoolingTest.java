package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequencePoolingTest extends TestBase {

    @Test
    void softmaxWeightedSumOverTokens() throws Exception {
        int b = 2, n = 3, d = 4;
        SequencePooling pool = init(new SequencePooling(), m, new Shape(b, n, d));
        assertEquals(d + 1, paramCount(pool));
        float[] w = {0.5f, -1f, 0.25f, 2f};
        float bias = 0.3f;
        set(pool.getAttentionPool().getParameters().get("weight"), w);
        set(pool.getAttentionPool().getParameters().get("bias"), bias);
        NDArray x = input(m, b, n, d);
        float[] xv = x.toFloatArray();
        float[] expected = new float[b * d];
        for (int bb = 0; bb < b; bb++) {
            double[] score = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < n; t++) {
                score[t] = bias;
                for (int c = 0; c < d; c++) {
                    score[t] += w[c] * xv[(bb * n + t) * d + c];
                }
                max = Math.max(max, score[t]);
            }
            double z = 0;
            for (int t = 0; t < n; t++) {
                score[t] = Math.exp(score[t] - max);
                z += score[t];
            }
            for (int c = 0; c < d; c++) {
                double acc = 0;
                for (int t = 0; t < n; t++) {
                    acc += score[t] / z * xv[(bb * n + t) * d + c];
                }
                expected[bb * d + c] = (float) acc;
            }
        }
        NDList out = forwardList(pool, m, false, x);
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(pool, out, new Shape(b, n, d));
        assertSaveLoad(pool, SequencePooling::new, m, x);
        // The bias adds the same amount to every token's score, which the softmax cancels: its
        // gradient is zero but for rounding, and exactly zero in some runs.
        assertGradients(pool, m, Set.of("01attention_pool_bias"), x);
    }

    @Test
    void rejectsVectors() {
        assertThrows(IllegalArgumentException.class, () -> init(new SequencePooling(), m, new Shape(2, 4)));
    }
}
