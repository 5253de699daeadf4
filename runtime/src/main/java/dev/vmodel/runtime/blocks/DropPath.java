package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * Stochastic depth per example (Huang et al. 2016), as timm's {@code DropPath(drop_prob)} with
 * {@code scale_by_keep=True}.
 *
 * <p>In training, with {@code keep = 1 - p}: draws one Bernoulli({@code keep}) value per example, a
 * mask of shape {@code [B, 1, ..., 1]}, and returns {@code x * mask / keep}, so each example is
 * either zeroed or scaled by {@code 1/keep}. At inference, or when {@code p == 0}, returns {@code
 * x} unchanged. {@code p == 1} zeroes every example in training. No parameters; output shape =
 * input shape. It sits on a residual branch: {@code x + DropPath(f(x))}.
 */
public class DropPath extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float p;

    /**
     * Creates a drop-path block.
     *
     * @param p the probability of dropping an example's path, in {@code [0, 1]}
     */
    public DropPath(float p) {
        super(VERSION);
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("drop-path probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    /**
     * Returns the drop probability.
     *
     * @return the probability of dropping a path
     */
    public float getDropProbability() {
        return p;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || p == 0f) {
            return new NDList(x);
        }
        float keep = 1f - p;
        if (keep == 0f) {
            return new NDList(x.zerosLike());
        }
        long[] dims = new long[x.getShape().dimension()];
        Arrays.fill(dims, 1L);
        dims[0] = x.getShape().get(0);
        NDArray uniform = x.getManager().randomUniform(0f, 1f, new Shape(dims), x.getDataType(), x.getDevice());
        NDArray mask = uniform.lt(keep).toType(x.getDataType(), false).div(keep);
        return new NDList(x.mul(mask));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
