package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A learned per-channel affine transform (ResMLP's {@code Affine}, Touvron et al. 2021): {@code y =
 * alpha * x + beta} along the channel {@link Axis} (last axis of tokens and vectors, axis 1 of
 * images).
 *
 * <p>PyTorch reference: ResMLP {@code Affine}: {@code self.alpha = nn.Parameter(torch.ones(dim));
 * self.beta = nn.Parameter(torch.zeros(dim))}; forward {@code self.alpha * x + self.beta}.
 * Parameters {@code alpha} ({@link Parameter.Type#GAMMA}, ones) and {@code beta} ({@link
 * Parameter.Type#BETA}, zeros), each of shape {@code [C]}: {@code 2C} scalars. Output shape = input
 * shape.
 */
public class Affine extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter alpha;
    private final Parameter beta;

    /** Creates a per-channel affine transform, initially the identity. */
    public Affine() {
        super(VERSION);
        alpha = addParameter(Parameter.builder()
                .setName("alpha")
                .setType(Parameter.Type.GAMMA)
                .build());
        beta = addParameter(
                Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /**
     * Returns the per-channel scale.
     *
     * @return {@code alpha}
     */
    public Parameter getAlpha() {
        return alpha;
    }

    /**
     * Returns the per-channel shift.
     *
     * @return {@code beta}
     */
    public Parameter getBeta() {
        return beta;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape c = new Shape(s.get(Axis.CHANNELS.resolve(s)));
        alpha.setShape(c);
        beta.setShape(c);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = parameterStore.getValue(alpha, x.getDevice(), training);
        NDArray b = parameterStore.getValue(beta, x.getDevice(), training);
        return new NDList(x.mul(Scale.perChannel(a, x)).add(Scale.perChannel(b, x)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
