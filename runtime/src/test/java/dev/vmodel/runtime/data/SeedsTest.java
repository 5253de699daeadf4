package dev.vmodel.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @Test
    void betaSamplesHaveTheMomentsOfBetaAlphaAlpha() {
        // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)); a = 0.2 exercises the shape < 1 boost.
        for (double alpha : new double[] {0.2, 1.0, 2.0}) {
            SplittableRandom random = new SplittableRandom(alpha == 1 ? 1 : 2);
            int n = 40_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double x = Seeds.beta(random, alpha);
                assertTrue(x >= 0 && x <= 1, "sample " + x);
                sum += x;
                squares += x * x;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            assertEquals(0.5, mean, 0.01, "mean for alpha " + alpha);
            assertEquals(1 / (4 * (2 * alpha + 1)), variance, 0.005, "variance for alpha " + alpha);
        }
    }

    @Test
    void gammaSamplesHaveMeanAndVarianceEqualToTheShape() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 40_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double x = Seeds.gamma(random, 3.0);
            sum += x;
            squares += x * x;
        }
        double mean = sum / n;
        assertEquals(3.0, mean, 0.05);
        assertEquals(3.0, squares / n - mean * mean, 0.15);
    }

    @Test
    void sameStreamSameSamples() {
        assertEquals(Seeds.beta(new SplittableRandom(9), 0.8), Seeds.beta(new SplittableRandom(9), 0.8));
        assertEquals(Seeds.mix(1, 2), Seeds.mix(1, 2));
        assertTrue(Seeds.mix(1, 2) != Seeds.mix(2, 1));
    }
}
