package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.Test;

class PositionEmbeddingTest extends TestBase {

    @Test
    void learnedIsAddedPerPosition() throws Exception {
        LearnedPositionEmbedding pe = init(new LearnedPositionEmbedding(0.02f), m, new Shape(2, 3, 2));
        assertEquals(new Shape(1, 3, 2), pe.getEmbedding().getShape());
        assertEquals(6, paramCount(pe));
        assertEquals(Parameter.Type.OTHER, pe.getEmbedding().getType());
        float[] pos = {1, 2, 3, 4, 5, 6};
        set(pe.getEmbedding(), pos);
        NDArray x = input(m, 2, 3, 2);
        float[] xv = x.toFloatArray();
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = xv[i] + pos[i % 6];
        }
        NDList out = forwardList(pe, m, false, x);
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(pe, out, new Shape(2, 3, 2));
        assertSaveLoad(pe, () -> new LearnedPositionEmbedding(0.02f), m, x);
        assertGradients(pe, m, x);
    }

    @Test
    void learnedInitIsTorchTruncNormal() {
        Engines.seed(3);
        LearnedPositionEmbedding pe = init(new LearnedPositionEmbedding(0.2f), m, new Shape(1, 100, 100));
        float[] v = pe.getEmbedding().getArray().toFloatArray();
        double sum = 0;
        double sq = 0;
        for (float f : v) {
            sum += f;
            sq += f * f;
        }
        double mean = sum / v.length;
        double std = Math.sqrt(sq / v.length - mean * mean);
        assertEquals(0, mean, 0.01);
        assertEquals(0.2, std, 0.2 * 0.03); // DJL's ±2σ cut would give ~0.176
    }

    @Test
    void learnedRejectsAnotherTokenCount() {
        LearnedPositionEmbedding pe = init(new LearnedPositionEmbedding(Initializer.ZEROS), m, new Shape(1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> forward(pe, m, input(m, 1, 4, 2)));
    }

    @Test
    void sinusoidalTable() throws Exception {
        int n = 5, d = 6;
        SinusoidalPositionEmbedding pe = init(new SinusoidalPositionEmbedding(), m, new Shape(2, n, d));
        assertEquals(0, paramCount(pe));
        float[] t = SinusoidalPositionEmbedding.table(n, d);
        // position 0: sin(0)=0 on even, cos(0)=1 on odd
        for (int i = 0; i < d; i++) {
            assertEquals(i % 2 == 0 ? 0f : 1f, t[i], 0f);
        }
        // position 3, dims 4 and 5 share the frequency 1/10000^(4/6)
        double angle = 3 / Math.pow(10000, 4.0 / 6);
        assertEquals((float) Math.sin(angle), t[3 * d + 4], 1e-7f);
        assertEquals((float) Math.cos(angle), t[3 * d + 5], 1e-7f);
        assertEquals((float) Math.sin(2.0), t[2 * d], 1e-7f);
        assertEquals((float) Math.cos(2.0), t[2 * d + 1], 1e-7f);

        NDArray x = input(m, 2, n, d);
        float[] xv = x.toFloatArray();
        float[] expected = new float[xv.length];
        for (int i = 0; i < xv.length; i++) {
            expected[i] = xv[i] + t[i % (n * d)];
        }
        NDList out = forwardList(pe, m, false, x);
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(pe, out, new Shape(2, n, d));
        assertSaveLoad(pe, SinusoidalPositionEmbedding::new, m, x);
        // a different sequence length recomputes the table
        assertTrue(forward(pe, m, input(m, 1, 7, d)).getShape().equals(new Shape(1, 7, d)));
    }
}
