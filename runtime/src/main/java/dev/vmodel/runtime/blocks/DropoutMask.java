package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The keep mask of inverted dropout, drawn faster than the engine's own dropout on CPU.
 *
 * <p>PyTorch's CPU dropout draws its mask with {@code bernoulli_(keep)}, whose scalar kernel takes
 * two 32-bit Mersenne-Twister draws and a double per element, serially (the parallel MKL path is
 * for Intel CPUs only). On CCT's attention probabilities ({@code [B, H, N, N]}, 4.2M elements at
 * batch 16) that was about a fifth of a training step. The same Bernoulli mask comes from one float
 * uniform per element: {@code floor(u)} with {@code u ~ U[keep, 1 + keep)} is 1 with probability
 * {@code keep} and 0 otherwise. The draws use the engine's seeded generator, so runs stay
 * reproducible.
 */
public final class DropoutMask {

    private DropoutMask() {}

    /**
     * A mask of ones (kept) and zeros (dropped), not scaled by {@code 1 / keep}: callers fold that
     * scale into a smaller operand where they can.
     *
     * @param manager where the mask lives (e.g. the step's manager)
     * @param shape the mask's shape
     * @param dataType the mask's data type (the data's)
     * @param rate the probability of dropping an element, in {@code (0, 1)}
     * @return a constant mask (no gradient)
     */
    public static NDArray keep(NDManager manager, Shape shape, DataType dataType, float rate) {
        if (!(rate > 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in (0, 1), got " + rate);
        }
        float keep = 1f - rate;
        return manager.randomUniform(keep, 1f + keep, shape, dataType).floor();
    }

    /**
     * Inverted dropout of {@code x}: each element kept with probability {@code 1 - rate} and scaled
     * by {@code 1 / (1 - rate)}, or zeroed; {@code x} itself when not training or {@code rate} is 0.
     *
     * @param x the data
     * @param rate the probability of dropping an element, in {@code [0, 1)}
     * @param training whether this is a training pass
     * @return {@code x} with dropout applied
     */
    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        NDArray mask = keep(x.getManager(), x.getShape(), x.getDataType(), rate);
        return x.mul(mask.muli(1f / (1f - rate)));
    }
}
