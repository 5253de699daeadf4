package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.EngineArrays;

/**
 * Divides each vector along the last axis by its Euclidean length, not less than {@code eps}:
 * {@code y = x / max(||x||_2, eps)} (XCiT normalises queries and keys so before cross-covariance).
 *
 * <p>PyTorch reference: {@code torch.nn.functional.normalize(x, p=2, dim=-1, eps=eps)}. No
 * parameters; output shape = input shape.
 */
public class L2Norm extends AbstractBlock {

    private static final byte VERSION = 1;

    /** PyTorch's default epsilon of {@code F.normalize}. */
    public static final float DEFAULT_EPS = 1e-12f;

    private final float eps;

    /** Creates an L2 normalisation with eps {@code 1e-12}. */
    public L2Norm() {
        this(DEFAULT_EPS);
    }

    /**
     * Creates an L2 normalisation.
     *
     * @param eps the smallest length divided by
     */
    public L2Norm(float eps) {
        super(VERSION);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("l2norm eps must be positive, got " + eps);
        }
        this.eps = eps;
    }

    /**
     * Returns the epsilon.
     *
     * @return the smallest length divided by
     */
    public float getEps() {
        return eps;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int last = x.getShape().dimension() - 1;
        NDArray length = EngineArrays.atLeast(x.norm(new int[] {last}, true), eps);
        return new NDList(x.div(length));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
