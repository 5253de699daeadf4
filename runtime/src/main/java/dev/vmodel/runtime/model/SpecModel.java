package dev.vmodel.runtime.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * A model generated from a {@code .vmodel} spec: what training, benchmark and weight-exchange
 * tools need to drive it, with no reflection. Every generated model class implements it.
 */
public interface SpecModel extends Block {

    /**
     * Returns the family this model was built from (its spec model).
     *
     * @return the family
     */
    ModelFamily family();

    /**
     * Returns the params this model was built with, by spec name in spec order; values are
     * {@code Long}, {@code Double}, {@code Boolean} or {@code String}.
     *
     * @return the param values
     */
    Map<String, Object> params();

    /**
     * Returns the shape of a batch of inputs, batch axis first.
     *
     * @param batch the batch size
     * @return the input shape
     */
    Shape inputShape(long batch);

    /**
     * Returns the number of classes the model predicts.
     *
     * @return the class count
     */
    long classes();

    /**
     * Returns every parameter under its stable name ({@code blocks.0.attn.qkv.weight}), the name
     * saved weights are keyed by on both the DJL and the PyTorch side. Trainable parameters and
     * buffers (BatchNorm running statistics) alike; {@link Parameter#requiresGradient()} tells
     * them apart.
     *
     * @return the parameters, in model order
     */
    default Map<String, Parameter> parametersByName() {
        return StableNames.parameters(this);
    }
}
