package dev.vmodel.runtime.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.Test;

class SoftTargetCrossEntropyTest {

    private static final float[] LOGITS = {1, 2, 0, -1, 0.5f, 3};
    private static final float[] TARGETS = {0.7f, 0.2f, 0.1f, 0, 0, 1};

    /** The loss and its gradient by hand: log-softmax and softmax of each row in double. */
    @Test
    void matchesAHandComputationWithItsGradient() {
        int b = 2;
        int k = 3;
        double loss = 0;
        float[] expectedGrad = new float[b * k];
        for (int r = 0; r < b; r++) {
            double sumExp = 0;
            for (int c = 0; c < k; c++) {
                sumExp += Math.exp(LOGITS[r * k + c]);
            }
            for (int c = 0; c < k; c++) {
                double logSoftmax = LOGITS[r * k + c] - Math.log(sumExp);
                loss -= TARGETS[r * k + c] * logSoftmax / b;
                expectedGrad[r * k + c] = (float) ((Math.exp(logSoftmax) - TARGETS[r * k + c]) / b);
            }
        }
        try (NDManager m = Engines.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(b, k));
            logits.setRequiresGradient(true);
            NDArray targets = m.create(TARGETS, new Shape(b, k));
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray l = SoftTargetCrossEntropy.loss(logits, targets);
                assertEquals(new Shape(), l.getShape());
                assertEquals(loss, l.getFloat(), 1e-6);
                gc.backward(l);
            }
            assertArrayEquals(expectedGrad, logits.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager m = Engines.newBaseManager()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> SoftTargetCrossEntropy.loss(m.zeros(new Shape(2, 3)), m.zeros(new Shape(2, 4))));
            assertEquals(
                    "soft-target cross-entropy needs logits and targets of one shape [B, K], got (2, 3) and (2, 4)",
                    e.getMessage());
        }
    }
}
