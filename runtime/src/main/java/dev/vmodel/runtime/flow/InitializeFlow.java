package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;

/** {@link ShapeFlow} that initialises each child with the input shape it receives. */
final class InitializeFlow extends ShapeFlow {
    private final NDManager manager;
    private final DataType dataType;

    InitializeFlow(NDManager manager, DataType dataType) {
        this.manager = manager;
        this.dataType = dataType;
    }

    @Override
    public Shape[] apply(Block block, Shape[] x) {
        block.initialize(manager, dataType, x);
        return block.getOutputShapes(x);
    }

    @Override
    public Shape[] source(Block block) {
        return apply(block, new Shape[0]);
    }

    @Override
    public Shape[] applyAll(Block block, List<Shape[]> inputs) {
        return apply(block, all(inputs));
    }
}
