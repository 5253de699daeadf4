package dev.vmodel.runtime;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Statistics of a block tree, as compared with the reference implementations.
 *
 * <p>DJL registers every array a block keeps as a {@link Parameter}, BatchNorm's running mean and
 * variance included; PyTorch keeps those as buffers, outside {@code parameters()}. The counts here
 * follow PyTorch, so that they equal the spec's static count, timm's and {@code summary}'s:
 * {@link #parameterCount} leaves buffers out and {@link #bufferCount} counts them alone.
 */
public final class ModelStats {

    private ModelStats() {}

    /**
     * Counts the scalar parameters of {@code block} and all its descendants, as PyTorch's {@code
     * sum(p.numel() for p in model.parameters())} does: frozen parameters included, buffers
     * (BatchNorm running statistics) excluded.
     *
     * @param block an initialised block (parameter shapes are known only after initialisation)
     * @return the number of scalar parameters
     * @throws IllegalStateException if a parameter has no shape yet
     */
    public static long parameterCount(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!isBuffer(p.getValue())) {
                total += size(p);
            }
        }
        return total;
    }

    /**
     * Counts the scalars of the buffers of {@code block} and its descendants: what PyTorch's {@code
     * buffers()} holds and DJL registers as parameters (BatchNorm's running mean and variance).
     *
     * @param block an initialised block
     * @return the number of buffer scalars
     * @throws IllegalStateException if a buffer has no shape yet
     */
    public static long bufferCount(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (isBuffer(p.getValue())) {
                total += size(p);
            }
        }
        return total;
    }

    /**
     * Counts the trainable scalar parameters (those that require a gradient; never a buffer).
     *
     * @param block an initialised block
     * @return the number of trainable scalar parameters
     * @throws IllegalStateException if a parameter has no shape yet
     */
    public static long trainableParameterCount(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient() && !isBuffer(p.getValue())) {
                total += size(p);
            }
        }
        return total;
    }

    /**
     * Tells whether DJL's parameter is a buffer on the PyTorch side: running statistics, which
     * the forward pass updates and no optimizer touches.
     *
     * @param p a parameter
     * @return true for BatchNorm's running mean and variance
     */
    public static boolean isBuffer(Parameter p) {
        Parameter.Type t = p.getType();
        return t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR;
    }

    private static long size(Pair<String, Parameter> p) {
        Shape shape = p.getValue().getShape();
        if (shape == null) {
            throw new IllegalStateException("Parameter " + p.getKey() + " has no shape; initialise the block first");
        }
        return shape.size();
    }
}
