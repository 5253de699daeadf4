package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalisation (Wu and He 2018) of {@code [B, C, *]} (images {@code [B, C, H, W]}), as
 * PyTorch's {@code nn.GroupNorm(groups, C, eps, affine)}.
 *
 * <p>The {@code C} channels are divided into {@code groups} consecutive groups; each example's
 * group (its channels and all spatial positions together) is normalised with its own mean and
 * biased variance: {@code (x - mean) / sqrt(var + eps)}; then, if {@code affine}, each channel is
 * scaled by {@code gamma[c]} and shifted by {@code beta[c]} ({@link Parameter.Type#GAMMA} ones,
 * {@link Parameter.Type#BETA} zeros, {@code 2C} scalars). {@code groups = 1} normalises over all of
 * {@code C, H, W} (PoolFormer's norm); {@code groups = C} is instance normalisation. Output shape =
 * input shape. DJL has no group norm.
 */
public class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int groups;
    private final float eps;
    private final boolean affine;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * Creates a group norm with eps {@code 1e-5} and a learned affine transform.
     *
     * @param groups the number of groups; must divide the channel count
     */
    public GroupNorm(int groups) {
        this(groups, LastAxisLayerNorm.DEFAULT_EPS, true);
    }

    /**
     * Creates a group norm.
     *
     * @param groups the number of groups; must divide the channel count
     * @param eps the epsilon added to the variance
     * @param affine whether to learn per-channel {@code gamma} and {@code beta}
     */
    public GroupNorm(int groups, float eps, boolean affine) {
        super(VERSION);
        if (groups <= 0) {
            throw new IllegalArgumentException("number of groups must be positive, got " + groups);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        this.groups = groups;
        this.eps = eps;
        this.affine = affine;
        if (affine) {
            gamma = addParameter(Parameter.builder()
                    .setName("gamma")
                    .setType(Parameter.Type.GAMMA)
                    .build());
            beta = addParameter(Parameter.builder()
                    .setName("beta")
                    .setType(Parameter.Type.BETA)
                    .build());
        } else {
            gamma = null;
            beta = null;
        }
    }

    /**
     * Returns the number of groups.
     *
     * @return the groups
     */
    public int getGroups() {
        return groups;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        long c = check(inputShapes[0]);
        if (affine) {
            gamma.setShape(new Shape(c));
            beta.setShape(new Shape(c));
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long c = check(s);
        NDArray g = x.reshape(s.get(0), groups, -1);
        NDArray mean = g.mean(new int[] {2}, true);
        NDArray centred = g.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true);
        NDArray y = centred.div(var.add(eps).sqrt()).reshape(s);
        if (affine) {
            Shape perChannel = perChannelShape(s, c);
            NDArray w = parameterStore.getValue(gamma, x.getDevice(), training);
            NDArray b = parameterStore.getValue(beta, x.getDevice(), training);
            w = Shapes.inScopeOf(w.reshape(perChannel), x);
            b = Shapes.inScopeOf(b.reshape(perChannel), x);
            y = y.mul(w).add(b);
        }
        return new NDList(y);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        check(inputShapes[0]);
        return new Shape[] {inputShapes[0]};
    }

    /** {@code [C, 1, ..., 1]}, broadcasting along axis 1 of {@code s}. */
    private static Shape perChannelShape(Shape s, long c) {
        long[] dims = new long[s.dimension() - 1];
        java.util.Arrays.fill(dims, 1L);
        dims[0] = c;
        return new Shape(dims);
    }

    private long check(Shape s) {
        if (s.dimension() < 2) {
            throw new IllegalArgumentException("group norm needs [B, C, *]; got " + s);
        }
        long c = s.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException("groups (" + groups + ") must divide the channels (" + c + ")");
        }
        return c;
    }
}
