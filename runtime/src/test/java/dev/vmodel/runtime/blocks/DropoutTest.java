package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.forward;
import static dev.vmodel.runtime.BlockTesting.forwardList;
import static dev.vmodel.runtime.BlockTesting.init;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.Test;

class DropoutTest extends TestBase {

    @Test
    void isTheIdentityInEvaluationAndScalesKeptValuesInTraining() {
        Engines.seed(11);
        Dropout d = init(new Dropout(0.5f), m, new Shape(1000));
        NDArray x = m.arange(1f, 1001f);
        assertArrayEquals(x.toFloatArray(), forward(d, m, x).toFloatArray(), 0f);
        float[] y = forwardList(d, m, true, x).singletonOrThrow().toFloatArray();
        int kept = 0;
        for (int i = 0; i < y.length; i++) {
            assertTrue(y[i] == 0 || y[i] == 2 * (i + 1), "element " + i + " is dropped or doubled: " + y[i]);
            kept += y[i] == 0 ? 0 : 1;
        }
        // Binomial(1000, 0.5): sd ~16; allow 5 sd
        assertTrue(Math.abs(kept - 500) < 80, kept + " of 1000 kept at p = 0.5");
    }

    @Test
    void gradientFlowsOnlyThroughKeptElements() {
        Engines.seed(12);
        Dropout d = init(new Dropout(0.25f), m, new Shape(2, 500));
        NDArray x = m.arange(1f, 1001f).reshape(2, 500);
        x.setRequiresGradient(true);
        float[] y;
        float[] grad;
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray out = forwardList(d, m, true, x).singletonOrThrow();
            y = out.toFloatArray();
            c.backward(out.sum());
            grad = x.getGradient().toFloatArray();
        }
        for (int i = 0; i < y.length; i++) {
            float expected = y[i] == 0 ? 0f : 1f / 0.75f;
            assertEquals(expected, grad[i], 1e-6f, "gradient of element " + i);
        }
    }

    @Test
    void rateOneZeroesEverythingInTrainingAndRateZeroPassesThrough() {
        NDArray x = m.arange(1f, 7f).reshape(2, 3);
        Dropout all = init(new Dropout(1f), m, new Shape(2, 3));
        assertArrayEquals(
                new float[6], forwardList(all, m, true, x).singletonOrThrow().toFloatArray(), 0f);
        assertArrayEquals(x.toFloatArray(), forward(all, m, x).toFloatArray(), 0f);
        Dropout none = init(new Dropout(0f), m, new Shape(2, 3));
        assertArrayEquals(
                x.toFloatArray(),
                forwardList(none, m, true, x).singletonOrThrow().toFloatArray(),
                0f);
    }

    @Test
    void rejectsProbabilitiesOutsideTheUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f));
        assertEquals("dropout probability must be in [0, 1], got 1.5", e.getMessage());
    }
}
