package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.Test;

class DropPathTest extends TestBase {

    @Test
    void identityAtInference() throws Exception {
        DropPath dp = init(new DropPath(0.5f), m, new Shape(4, 3, 2));
        NDArray x = input(m, 4, 3, 2);
        NDList out = forwardList(dp, m, false, x);
        assertArrayEquals(x.toFloatArray(), out.singletonOrThrow().toFloatArray(), 0f);
        assertOutputShapes(dp, out, new Shape(4, 3, 2));
        assertEquals(0, paramCount(dp));
        assertSaveLoad(dp, () -> new DropPath(0.5f), m, x);
    }

    @Test
    void zeroProbabilityIsIdentityInTraining() {
        DropPath dp = init(new DropPath(0f), m, new Shape(4, 3));
        NDArray x = input(m, 4, 3);
        assertArrayEquals(
                x.toFloatArray(), forwardList(dp, m, true, x).singletonOrThrow().toFloatArray(), 0f);
    }

    @Test
    void dropsOrScalesWholeExamplesInTraining() {
        Engines.seed(1234);
        float p = 0.25f;
        int batch = 2000;
        DropPath dp = init(new DropPath(p), m, new Shape(batch, 3, 2));
        NDArray x = m.ones(new Shape(batch, 3, 2)).add(input(m, batch, 3, 2).abs());
        float[] xv = x.toFloatArray();
        float[] y = forwardList(dp, m, true, x).singletonOrThrow().toFloatArray();
        int kept = 0;
        for (int b = 0; b < batch; b++) {
            boolean zero = y[b * 6] == 0f;
            for (int i = 0; i < 6; i++) {
                float expected = zero ? 0f : xv[b * 6 + i] / (1 - p);
                assertEquals(expected, y[b * 6 + i], 1e-5f, "example " + b + " element " + i);
            }
            kept += zero ? 0 : 1;
        }
        // Binomial(2000, 0.75): mean 1500, sd ~19.4; allow 5 sd
        assertTrue(Math.abs(kept - 1500) < 100, "kept " + kept + " of " + batch);
    }

    @Test
    void worksOnImagesAndVectors() {
        DropPath dp = new DropPath(0.5f);
        NDArray img = m.ones(new Shape(64, 2, 3, 3));
        float[] y = forwardList(init(dp, m, img.getShape()), m, true, img)
                .singletonOrThrow()
                .toFloatArray();
        for (int b = 0; b < 64; b++) {
            for (int i = 1; i < 18; i++) {
                assertEquals(y[b * 18], y[b * 18 + i], 0f);
            }
            assertTrue(y[b * 18] == 0f || y[b * 18] == 2f);
        }
    }

    @Test
    void fullProbabilityZeroesInTraining() {
        DropPath dp = init(new DropPath(1f), m, new Shape(3, 2));
        NDArray y = forwardList(dp, m, true, input(m, 3, 2)).singletonOrThrow();
        assertArrayEquals(new float[6], y.toFloatArray(), 0f);
    }

    @Test
    void gradientFlowsThroughKeptExamples() {
        DropPath dp = init(new DropPath(0.5f), m, new Shape(8, 3));
        NDArray x = input(m, 8, 3);
        x.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray y = forwardList(dp, m, true, x).singletonOrThrow();
            gc.backward(y.sum());
            float[] yv = y.toFloatArray();
            float[] g = x.getGradient().toFloatArray();
            for (int i = 0; i < g.length; i++) {
                assertEquals(yv[i] == 0f ? 0f : 2f, g[i], 1e-6f);
            }
        }
    }

    @Test
    void rejectsBadProbability() {
        assertThrows(IllegalArgumentException.class, () -> new DropPath(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new DropPath(1.5f));
    }
}
