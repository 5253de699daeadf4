package dev.vmodel.runtime.data;

import java.util.SplittableRandom;

/**
 * Seeds derived from seeds, and the few distributions the data pipeline draws from, all as pure
 * functions of a {@link SplittableRandom}'s stream so that a resumed run draws the same numbers.
 */
final class Seeds {
    private Seeds() {}

    /** A well-mixed seed for item {@code salt} of the stream {@code seed} (SplitMix64's finaliser). */
    static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal sample (Box-Muller; written out so that it cannot change with the JDK). */
    static double normal(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // in (0, 1], so the log is finite
        double v = random.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    /** A Gamma(shape, 1) sample: Marsaglia and Tsang's method, boosted for shapes below 1. */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            double u = 1.0 - random.nextDouble();
            return gamma(random, shape + 1) * StrictMath.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = normal(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || StrictMath.log(u) < 0.5 * x * x + d * (1 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }

    /** A Beta(alpha, alpha) sample, as {@code X / (X + Y)} of two Gamma(alpha) samples. */
    static double beta(SplittableRandom random, double alpha) {
        double x = gamma(random, alpha);
        double y = gamma(random, alpha);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /** A seeded random permutation of {@code 0..n-1} (Fisher-Yates). */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
