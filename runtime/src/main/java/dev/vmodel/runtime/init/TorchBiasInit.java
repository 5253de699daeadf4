package dev.vmodel.runtime.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * The default bias initialisation of PyTorch's {@code nn.Linear} and {@code nn.Conv*d}: {@code
 * U(-1/√fan_in, 1/√fan_in)} with {@code fan_in} taken from the layer's weight (0 bound if {@code
 * fan_in} is 0), as in their {@code reset_parameters}.
 *
 * <p>The weight's shape is read when the bias is initialised; DJL sets every parameter's shape (in
 * {@code prepare}) before initialising any, so attaching this to the bias of an uninitialised layer
 * is enough.
 */
public final class TorchBiasInit implements Initializer {

    private final Parameter weight;

    /**
     * Creates the initialiser for the bias that belongs to {@code weight}.
     *
     * @param weight the layer's weight parameter
     */
    public TorchBiasInit(Parameter weight) {
        if (weight == null) {
            throw new IllegalArgumentException("weight must not be null");
        }
        this.weight = weight;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        Shape w = weight.getShape();
        if (w == null) {
            throw new IllegalStateException("weight " + weight.getName() + " has no shape yet; cannot compute fan_in");
        }
        long fanIn = Fans.fanIn(w);
        float bound = fanIn > 0 ? (float) (1.0 / Math.sqrt(fanIn)) : 0f;
        return new UniformInit(-bound, bound).initialize(manager, shape, dataType);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "torchBias(fan_in of " + weight.getName() + ")";
    }
}
