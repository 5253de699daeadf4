package dev.vmodel.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/** {@code U(low, high)}, as PyTorch's {@code nn.init.uniform_(t, a=low, b=high)}. */
public final class UniformInit implements Initializer {

    private final float low;
    private final float high;

    /**
     * Creates the initialiser.
     *
     * @param low the lower bound
     * @param high the upper bound, at least {@code low}
     */
    public UniformInit(float low, float high) {
        if (!(high >= low)) {
            throw new IllegalArgumentException("need low <= high, got " + low + ", " + high);
        }
        this.low = low;
        this.high = high;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (low == high) {
            return manager.full(shape, low, dataType);
        }
        return manager.randomUniform(low, high, shape, dataType);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "uniform(" + low + ", " + high + ")";
    }
}
