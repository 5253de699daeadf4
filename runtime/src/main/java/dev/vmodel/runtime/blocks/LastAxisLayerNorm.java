package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis only, as PyTorch's {@code nn.LayerNorm(D, eps,
 * elementwise_affine)} applied to {@code [..., D]}.
 *
 * <p>Computes {@code y = (x - mean(x)) / sqrt(var(x) + eps) * gamma + beta}, with mean and biased
 * variance over the last axis of each position. Parameters (only if {@code affine}): {@code gamma}
 * ({@link Parameter.Type#GAMMA}, initialised to ones) and {@code beta} ({@link
 * Parameter.Type#BETA}, zeros), each of shape {@code [D]}: {@code 2D} scalars. Input: any rank ≥ 1;
 * output shape = input shape.
 *
 * <p>DJL's own {@link LayerNorm} normalises over every non-batch axis unless told an axis, and
 * takes no negative axis, so on tokens {@code [B, N, D]} it would learn {@code N×D} scalars; this
 * block always uses the last axis, whatever the rank. Default eps is PyTorch's {@code 1e-5}.
 */
public class LastAxisLayerNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    /** PyTorch's default epsilon. */
    public static final float DEFAULT_EPS = 1e-5f;

    private final float eps;
    private final boolean affine;
    private final Parameter gamma;
    private final Parameter beta;

    /** Creates a layer norm with eps {@code 1e-5} and a learned affine transform. */
    public LastAxisLayerNorm() {
        this(DEFAULT_EPS, true);
    }

    /**
     * Creates a layer norm with a learned affine transform.
     *
     * @param eps the epsilon added to the variance
     */
    public LastAxisLayerNorm(float eps) {
        this(eps, true);
    }

    /**
     * Creates a layer norm.
     *
     * @param eps the epsilon added to the variance
     * @param affine whether to learn {@code gamma} and {@code beta} (PyTorch's {@code
     *     elementwise_affine}); without, the block has no parameters
     */
    public LastAxisLayerNorm(float eps, boolean affine) {
        super(VERSION);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
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
     * Returns the epsilon.
     *
     * @return the epsilon added to the variance
     */
    public float getEps() {
        return eps;
    }

    /**
     * Returns whether the block has {@code gamma} and {@code beta}.
     *
     * @return whether the block is affine
     */
    public boolean isAffine() {
        return affine;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        if (affine) {
            Shape d = new Shape(lastDim(inputShapes[0]));
            gamma.setShape(d);
            beta.setShape(d);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape normalized = new Shape(lastDim(x.getShape()));
        if (affine) {
            NDArray g = parameterStore.getValue(gamma, x.getDevice(), training);
            NDArray b = parameterStore.getValue(beta, x.getDevice(), training);
            return LayerNorm.layerNorm(x, normalized, g, b, eps);
        }
        // The native layer norm wants gamma and beta; use constant ones and zeros, freed at once.
        NDManager outer = x.getManager();
        try (NDManager scratch = outer.newSubManager()) {
            NDArray ones = scratch.ones(normalized, x.getDataType());
            NDArray zeros = scratch.zeros(normalized, x.getDataType());
            NDArray y = LayerNorm.layerNorm(x, normalized, ones, zeros, eps).singletonOrThrow();
            y.attach(outer);
            return new NDList(y);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    private static long lastDim(Shape shape) {
        if (shape.dimension() < 1) {
            throw new IllegalArgumentException("layer norm needs at least one axis");
        }
        return shape.get(shape.dimension() - 1);
    }
}
