package dev.vmodel.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Fan-scaled initialisation, the family behind Xavier/Glorot, Kaiming/He and LeCun (the {@code
 * VarianceScaling} of JAX and TensorFlow, expressed with PyTorch's fans, see {@link Fans}).
 *
 * <p>With {@code variance = scale / fan}:
 *
 * <ul>
 *   <li>{@link Distribution#NORMAL}: {@code N(0, variance)};
 *   <li>{@link Distribution#UNIFORM}: {@code U(-√(3·variance), √(3·variance))};
 *   <li>{@link Distribution#TRUNCATED_NORMAL}: a standard normal truncated to {@code [-2, 2]} times
 *       {@code √variance / 0.87962566103423978} (so that the result has variance {@code variance}),
 *       as JAX's and timm's {@code variance_scaling_}.
 * </ul>
 *
 * <p>PyTorch equivalents: {@code xavier_uniform_(gain=g)} = (scale {@code g²}, {@link
 * Mode#FAN_AVG}, uniform); {@code xavier_normal_(gain=g)} = ({@code g²}, fan avg, normal); {@code
 * kaiming_normal_(a, mode)} = ({@code 2/(1+a²)}, mode, normal); {@code kaiming_uniform_(a, mode)} =
 * ({@code 2/(1+a²)}, mode, uniform); timm {@code lecun_normal_} = (1, fan in, truncated normal).
 */
public final class VarianceScaling implements Initializer {

    /** Which fan divides the scale. */
    public enum Mode {
        /** {@code fan_in}. */
        FAN_IN,
        /** {@code fan_out}. */
        FAN_OUT,
        /** {@code (fan_in + fan_out) / 2}. */
        FAN_AVG
    }

    /** The sampling distribution. */
    public enum Distribution {
        /** Untruncated normal. */
        NORMAL,
        /** Symmetric uniform. */
        UNIFORM,
        /** Normal truncated at two standard deviations, rescaled to the target variance. */
        TRUNCATED_NORMAL
    }

    /** Standard deviation of a unit normal truncated to [-2, 2]. */
    static final double TRUNCATED_STD = 0.87962566103423978;

    private static final TruncatedNormalInit UNIT_TRUNCATED = new TruncatedNormalInit(0f, 1f, -2f, 2f);

    private final double scale;
    private final Mode mode;
    private final Distribution distribution;

    /**
     * Creates the initialiser.
     *
     * @param scale the variance numerator, positive
     * @param mode the fan that divides it
     * @param distribution the distribution
     */
    public VarianceScaling(double scale, Mode mode, Distribution distribution) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        if (mode == null || distribution == null) {
            throw new IllegalArgumentException("mode and distribution must not be null");
        }
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
    }

    /**
     * Returns the variance this initialiser gives a weight of the given shape.
     *
     * @param shape the weight shape
     * @return {@code scale / fan}
     */
    public double variance(Shape shape) {
        double fan;
        switch (mode) {
            case FAN_IN:
                fan = Fans.fanIn(shape);
                break;
            case FAN_OUT:
                fan = Fans.fanOut(shape);
                break;
            case FAN_AVG:
                fan = (Fans.fanIn(shape) + Fans.fanOut(shape)) / 2.0;
                break;
            default:
                throw new IllegalStateException("unknown mode " + mode);
        }
        if (fan <= 0) {
            throw new IllegalArgumentException("fan is zero for shape " + shape);
        }
        return scale / fan;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        double variance = variance(shape);
        switch (distribution) {
            case NORMAL:
                return manager.randomNormal(0f, (float) Math.sqrt(variance), shape, dataType);
            case UNIFORM:
                float bound = (float) Math.sqrt(3.0 * variance);
                return manager.randomUniform(-bound, bound, shape, dataType);
            case TRUNCATED_NORMAL:
                float std = (float) (Math.sqrt(variance) / TRUNCATED_STD);
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray unit = UNIT_TRUNCATED.initialize(scratch, shape, DataType.FLOAT32);
                    NDArray result = unit.mul(std).toType(dataType, false);
                    result.attach(manager);
                    return result;
                }
            default:
                throw new IllegalStateException("unknown distribution " + distribution);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "varianceScaling(scale=" + scale + ", " + mode + ", " + distribution + ")";
    }
}
