package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A learned per-channel scale (LayerScale, Touvron et al. 2021 "Going deeper with Image
 * Transformers"): {@code y = x * gamma} along the channel {@link Axis} (last axis of tokens and
 * vectors, axis 1 of images).
 *
 * <p>PyTorch reference: timm's {@code LayerScale}: {@code self.gamma = nn.Parameter(init_values *
 * torch.ones(dim))}; forward {@code x * self.gamma} (for images, {@code gamma.view(1, -1, 1, 1)}).
 * Parameter {@code gamma} of shape {@code [C]} ({@code C} scalars, {@link Parameter.Type#GAMMA}),
 * initialised to the constant {@code initValue}. Output shape = input shape.
 */
public class Scale extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter gamma;

    /**
     * Creates a per-channel scale with every channel initialised to {@code initValue}.
     *
     * @param initValue the initial scale (LayerScale uses 1e-5 to 0.1, CaiT 1e-5)
     */
    public Scale(float initValue) {
        this(new ConstantInitializer(initValue));
    }

    /**
     * Creates a per-channel scale with the given initialiser.
     *
     * @param initializer the initialiser of {@code gamma}
     */
    public Scale(Initializer initializer) {
        super(VERSION);
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .optInitializer(initializer)
                .build());
    }

    /**
     * Returns the per-channel scale parameter.
     *
     * @return {@code gamma}
     */
    public Parameter getGamma() {
        return gamma;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        gamma.setShape(new Shape(s.get(Axis.CHANNELS.resolve(s))));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = parameterStore.getValue(gamma, x.getDevice(), training);
        return new NDList(x.mul(perChannel(g, x)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Reshapes a {@code [C]} vector so that it broadcasts along the channel axis of {@code x}. */
    static NDArray perChannel(NDArray v, NDArray x) {
        int rank = x.getShape().dimension();
        long c = x.getShape().get(Axis.CHANNELS.resolve(rank));
        if (v.getShape().size() != c) {
            throw new IllegalArgumentException(
                    "per-channel parameter " + v.getShape() + " does not match input " + x.getShape());
        }
        if (rank != 4) {
            return v; // [C] already broadcasts along the last axis
        }
        return Shapes.inScopeOf(v.reshape(Axis.CHANNELS.broadcastShape(rank, c)), x);
    }
}
