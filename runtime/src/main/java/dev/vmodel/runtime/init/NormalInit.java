package dev.vmodel.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/** {@code N(mean, std²)}, untruncated, as PyTorch's {@code nn.init.normal_(t, mean, std)}. */
public final class NormalInit implements Initializer {

    private final float mean;
    private final float std;

    /**
     * Creates the initialiser.
     *
     * @param mean the mean
     * @param std the standard deviation, non-negative
     */
    public NormalInit(float mean, float std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("std must be non-negative, got " + std);
        }
        this.mean = mean;
        this.std = std;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        return manager.randomNormal(mean, std, shape, dataType);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "normal(mean=" + mean + ", std=" + std + ")";
    }
}
