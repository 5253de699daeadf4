package dev.vmodel.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

/** Training steps on a fixed batch: the loss falls, and no step leaves arrays behind. */
class TrainLoopTest {

    private static TrainLoop linearLoop() {
        // softmax regression: 8 examples of 10 features, 4 classes
        return TrainLoop.builder(Linear.builder().setUnits(4).build(), new Shape(8, 10), 4)
                .build();
    }

    @Test
    void lossFallsOnTheFixedBatch() {
        try (TrainLoop loop = linearLoop()) {
            TrainLoop.Result r = loop.train(20);
            assertEquals(20, r.losses().length);
            assertEquals(20, r.nanos().length);
            for (int i = 0; i < 20; i++) {
                assertTrue(Float.isFinite(r.losses()[i]), "finite loss at step " + i);
                assertTrue(r.nanos()[i] > 0);
            }
            // one fixed batch, convex loss, small steps: it falls at every step
            for (int i = 1; i < 20; i++) {
                assertTrue(
                        r.losses()[i] < r.losses()[i - 1],
                        "loss fell at step " + i + ": " + java.util.Arrays.toString(r.losses()));
            }
            assertTrue(r.lastLoss() < r.firstLoss() - 0.05f, r.firstLoss() + " -> " + r.lastLoss());
            assertEquals(44, loop.parameterCount());
        }
    }

    @Test
    void stepsLeaveNoArraysInTheModelsManager() {
        try (TrainLoop loop = linearLoop()) {
            loop.trainStep(); // the first step creates the optimizer state
            int live = loop.liveArrays();
            for (int i = 0; i < 10; i++) {
                loop.trainStep(i % 2 == 0);
                assertEquals(live, loop.liveArrays(), "live arrays after training step " + (i + 2));
            }
            loop.trainStepPhases();
            loop.inferStep();
            loop.predict();
            assertEquals(live, loop.liveArrays(), "live arrays after breakdown and inference steps");
        }
    }

    @Test
    void inferenceIsForwardOnly() {
        try (TrainLoop loop = linearLoop()) {
            float[] before = loop.predict();
            assertEquals(8 * 4, before.length);
            for (int i = 0; i < 3; i++) {
                loop.inferStep();
            }
            float[] after = loop.predict();
            org.junit.jupiter.api.Assertions.assertArrayEquals(before, after, 0f);
            assertTrue(Float.isNaN(loop.trainStep(false)), "loss not read");
            float[] trained = loop.predict();
            assertTrue(!java.util.Arrays.equals(before, trained), "a training step changes the output");
        }
    }

    @Test
    void sameSeedSameStart() {
        float a;
        float b;
        try (TrainLoop loop = linearLoop()) {
            a = loop.trainStep();
        }
        try (TrainLoop loop = linearLoop()) {
            b = loop.trainStep();
        }
        assertEquals(a, b, 0f);
    }

    @Test
    void rejectsBadArguments() {
        Linear l = Linear.builder().setUnits(2).build();
        assertThrows(IllegalArgumentException.class, () -> TrainLoop.builder(l, new Shape(4), 2));
        assertThrows(IllegalArgumentException.class, () -> TrainLoop.builder(l, new Shape(4, 3), 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainLoop.builder(l, new Shape(4, 3), 2).learningRate(0));
    }
}
