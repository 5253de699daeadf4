package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Objects;

/**
 * A learned tensor of a given per-example shape that starts a dataflow, such as Swin's relative
 * position bias table {@code [169, heads]}; it takes no input. Its output has a leading axis of
 * 1, {@code [1, dims...]}, so that it broadcasts over the batch like a constant.
 *
 * <p>PyTorch reference: {@code nn.Parameter(torch.empty(*dims))}, initialised as given, used as
 * {@code param.unsqueeze(0)}. Parameter {@code weight} of shape {@code dims} (the product of
 * {@code dims} scalars, {@link Parameter.Type#OTHER}, so that a type-wide initialiser override
 * for layers' weights leaves it alone). Run it with {@link dev.vmodel.runtime.flow.Flow#source}.
 */
public class Weight extends AbstractBlock {

    private static final byte VERSION = 1;

    private final long[] dims;
    private final Parameter weight;

    /**
     * Creates a learned tensor.
     *
     * @param initializer how its values start ({@link dev.vmodel.runtime.init.Inits})
     * @param dims its per-example shape, each at least 1
     */
    public Weight(Initializer initializer, long... dims) {
        super(VERSION);
        Objects.requireNonNull(initializer, "initializer");
        if (dims.length == 0 || Arrays.stream(dims).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(
                    "a weight needs at least one size, each at least 1; got " + Arrays.toString(dims));
        }
        this.dims = dims.clone();
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(dims))
                .optInitializer(initializer)
                .build());
    }

    /**
     * Returns the per-example shape.
     *
     * @return the sizes, without the leading axis of 1
     */
    public long[] getDims() {
        return dims.clone();
    }

    /**
     * Returns the learned tensor.
     *
     * @return the parameter, of shape {@link #getDims()}
     */
    public Parameter getWeight() {
        return weight;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        SourceInputs.requireNone(inputs.size(), () -> "weight " + Arrays.toString(dims));
        NDManager manager = parameterStore.getManager();
        NDArray w = parameterStore.getValue(weight, manager.getDevice(), training);
        // A view, never the parameter itself: the flow attaches a source's output to the pass.
        NDArray out = w.expandDims(0);
        out.attach(manager);
        return new NDList(out);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        SourceInputs.requireNone(inputShapes.length, () -> "weight " + Arrays.toString(dims));
        return new Shape[] {new Shape(1).addAll(new Shape(dims))};
    }
}
