package dev.vmodel.runtime.train.optim;

import java.util.Locale;

/**
 * Learning rate per global step (optimizer update), as timm's schedulers stepped per update.
 *
 * <p>A linear warm-up goes from {@code warmupLr} at step 0 to {@code lr} at step {@code
 * warmupSteps}; the decay then runs over the steps after the warm-up ({@code t = step -
 * warmupSteps}, {@code T = totalSteps - warmupSteps}):
 *
 * <ul>
 *   <li>{@code cosine}: {@code minLr + (lr - minLr) * (1 + cos(pi * t / T)) / 2}, then {@code minLr}
 *       from {@code totalSteps} on;
 *   <li>{@code linear}: {@code lr - (lr - minLr) * t / T}, then {@code minLr};
 *   <li>{@code step}: {@code lr * decayRate^floor(t / decaySteps)}, never below {@code minLr};
 *   <li>{@code constant}: {@code lr}.
 * </ul>
 */
public final class LrSchedule {

    private enum Kind {
        COSINE,
        LINEAR,
        STEP,
        CONSTANT
    }

    private final Kind kind;
    private final double lr;
    private final double minLr;
    private final double warmupLr;
    private final long warmupSteps;
    private final long totalSteps;
    private final long decaySteps;
    private final double decayRate;

    /**
     * Creates a schedule.
     *
     * @param kind {@code cosine}, {@code linear}, {@code step} or {@code constant} (case-insensitive)
     * @param lr the peak learning rate, above 0
     * @param minLr the floor, in {@code [0, lr]}; unused by {@code constant}
     * @param warmupLr the learning rate at step 0 when {@code warmupSteps > 0}, at least 0
     * @param warmupSteps the number of warm-up steps, at least 0
     * @param totalSteps the step at which {@code cosine} and {@code linear} reach {@code minLr};
     *     above {@code warmupSteps} for them
     * @param decaySteps steps between two decays of {@code step}, at least 1 for it
     * @param decayRate the factor of each decay of {@code step}, in {@code (0, 1]} for it
     * @throws IllegalArgumentException naming the first bad value
     */
    public LrSchedule(
            String kind,
            double lr,
            double minLr,
            double warmupLr,
            long warmupSteps,
            long totalSteps,
            long decaySteps,
            double decayRate) {
        this.kind = parseKind(kind);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and above 0, got " + lr);
        }
        if (!(warmupLr >= 0) || Double.isInfinite(warmupLr)) {
            throw new IllegalArgumentException("warm-up learning rate must be finite and at least 0, got " + warmupLr);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must be at least 0, got " + warmupSteps);
        }
        if (this.kind != Kind.CONSTANT && !(minLr >= 0 && minLr <= lr)) {
            throw new IllegalArgumentException("min learning rate must be in [0, " + lr + "], got " + minLr);
        }
        if ((this.kind == Kind.COSINE || this.kind == Kind.LINEAR) && totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("total steps (" + totalSteps + ") must exceed the warm-up steps ("
                    + warmupSteps + ") for a " + kind + " schedule");
        }
        if (this.kind == Kind.STEP && decaySteps < 1) {
            throw new IllegalArgumentException("decay steps must be at least 1, got " + decaySteps);
        }
        if (this.kind == Kind.STEP && !(decayRate > 0 && decayRate <= 1)) {
            throw new IllegalArgumentException("decay rate must be in (0, 1], got " + decayRate);
        }
        this.lr = lr;
        this.minLr = minLr;
        this.warmupLr = warmupLr;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.decaySteps = decaySteps;
        this.decayRate = decayRate;
    }

    private static Kind parseKind(String kind) {
        if (kind != null) {
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "cosine":
                    return Kind.COSINE;
                case "linear":
                    return Kind.LINEAR;
                case "step":
                    return Kind.STEP;
                case "constant":
                    return Kind.CONSTANT;
                default:
            }
        }
        throw new IllegalArgumentException(
                "unknown learning-rate schedule '" + kind + "' (known: cosine, linear, step, constant)");
    }

    /**
     * Returns the learning rate of a step.
     *
     * @param step the global step, from 0
     * @return the learning rate of the update at that step
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be at least 0, got " + step);
        }
        if (step < warmupSteps) {
            return warmupLr + (lr - warmupLr) * step / warmupSteps;
        }
        long t = step - warmupSteps;
        switch (kind) {
            case COSINE:
                return t >= totalSteps - warmupSteps
                        ? minLr
                        : minLr + 0.5 * (lr - minLr) * (1 + StrictMath.cos(Math.PI * t / (totalSteps - warmupSteps)));
            case LINEAR:
                return t >= totalSteps - warmupSteps ? minLr : lr - (lr - minLr) * t / (totalSteps - warmupSteps);
            case STEP:
                return Math.max(minLr, lr * StrictMath.pow(decayRate, (double) (t / decaySteps)));
            default:
                return lr;
        }
    }
}
