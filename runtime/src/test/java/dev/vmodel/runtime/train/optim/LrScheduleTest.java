package dev.vmodel.runtime.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    private static final double TOL = 1e-12;

    @Test
    void cosineWarmsUpLinearlyThenFallsToTheFloor() {
        // warm-up 1e-5 -> 1e-3 over 10 steps, cosine to 1e-5 over steps 10..110.
        LrSchedule s = new LrSchedule("cosine", 1e-3, 1e-5, 1e-5, 10, 110, 0, 0);
        assertEquals(1e-5, s.at(0), TOL);
        assertEquals(1e-5 + (1e-3 - 1e-5) * 0.5, s.at(5), TOL);
        assertEquals(1e-3, s.at(10), TOL);
        assertEquals((1e-3 + 1e-5) / 2, s.at(60), TOL);
        // a quarter of the way: min + (lr - min) * (1 + cos(pi / 4)) / 2
        assertEquals(1e-5 + (1e-3 - 1e-5) * (1 + Math.sqrt(0.5)) / 2, s.at(35), TOL);
        assertEquals(1e-5, s.at(110), TOL);
        assertEquals(1e-5, s.at(500), TOL);
    }

    @Test
    void linearFallsInEqualSteps() {
        LrSchedule s = new LrSchedule("linear", 0.1, 0.0, 0.0, 0, 4, 0, 0);
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(0.075, s.at(1), TOL);
        assertEquals(0.05, s.at(2), TOL);
        assertEquals(0.0, s.at(4), TOL);
        assertEquals(0.0, s.at(9), TOL);
    }

    @Test
    void stepDecaysAtEachBoundaryAfterTheWarmUpAndStopsAtTheFloor() {
        LrSchedule s = new LrSchedule("step", 0.1, 0.002, 0.0, 2, 0, 30, 0.1);
        assertEquals(0.0, s.at(0), TOL);
        assertEquals(0.05, s.at(1), TOL);
        assertEquals(0.1, s.at(2), TOL);
        assertEquals(0.1, s.at(31), TOL);
        assertEquals(0.01, s.at(32), TOL);
        assertEquals(0.01, s.at(61), TOL);
        assertEquals(0.002, s.at(62), TOL); // 0.001 would be below the floor
    }

    @Test
    void constantIsTheRateAfterTheWarmUp() {
        LrSchedule s = new LrSchedule("CONSTANT", 0.5, 0, 0.1, 4, 0, 0, 0);
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(0.3, s.at(2), TOL);
        assertEquals(0.5, s.at(4), TOL);
        assertEquals(0.5, s.at(1_000_000), TOL);
    }

    @Test
    void badValuesAreNamed() {
        assertEquals(
                "unknown learning-rate schedule 'poly' (known: cosine, linear, step, constant)",
                assertThrows(IllegalArgumentException.class, () -> new LrSchedule("poly", 1, 0, 0, 0, 10, 0, 0))
                        .getMessage());
        assertEquals(
                "total steps (5) must exceed the warm-up steps (5) for a cosine schedule",
                assertThrows(IllegalArgumentException.class, () -> new LrSchedule("cosine", 1, 0, 0, 5, 5, 0, 0))
                        .getMessage());
        assertEquals(
                "step must be at least 0, got -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new LrSchedule("constant", 1, 0, 0, 0, 0, 0, 0).at(-1))
                        .getMessage());
    }
}
