package dev.vmodel.runtime;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Statistics of a block tree, as compared with the reference implementations. */
public final class ModelStats {

    private ModelStats() {}

    /**
     * Counts the scalar parameters of {@code block} and all its descendants, as PyTorch's {@code
     * sum(p.numel() for p in model.parameters())} does (non-trainable parameters included, buffers
     * such as a fixed sinusoidal table excluded because they are not parameters here).
     *
     * @param block an initialised block (parameter shapes are known only after initialisation)
     * @return the number of scalar parameters
     * @throws IllegalStateException if a parameter has no shape yet
     */
    public static long parameterCount(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Shape shape = p.getValue().getShape();
            if (shape == null) {
                throw new IllegalStateException(
                        "Parameter " + p.getKey() + " has no shape; initialise the block first");
            }
            total += shape.size();
        }
        return total;
    }

    /**
     * Counts the trainable scalar parameters (those that require a gradient).
     *
     * @param block an initialised block
     * @return the number of trainable scalar parameters
     */
    public static long trainableParameterCount(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                Shape shape = p.getValue().getShape();
                if (shape == null) {
                    throw new IllegalStateException(
                            "Parameter "
                                    + p.getKey()
                                    + " has no shape; initialise the block first");
                }
                total += shape.size();
            }
        }
        return total;
    }
}
