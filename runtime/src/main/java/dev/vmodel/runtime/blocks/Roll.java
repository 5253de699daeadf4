package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A cyclic shift along one per-example axis: element {@code i} moves to {@code (i + shift) mod
 * n}, so {@code roll(-3)} moves everything 3 places towards the front (Swin's shifted windows).
 * DJL has no roll; this concatenates the axis's last {@code shift} elements before the rest.
 *
 * <p>PyTorch reference: {@code torch.roll(x, shifts=shift, dims=axis + 1)} (the batch axis is not
 * counted in {@code axis}; a negative axis counts from the end). No parameters; output shape =
 * input shape.
 */
public class Roll extends AbstractBlock {

    private static final byte VERSION = 1;

    private final long shift;
    private final int axis;

    /**
     * Creates a roll.
     *
     * @param shift how many places to move elements towards the end (negative: towards the front)
     * @param axis the per-example axis, negative counting from the end
     */
    public Roll(long shift, int axis) {
        super(VERSION);
        this.shift = shift;
        this.axis = axis;
    }

    /**
     * Returns the shift.
     *
     * @return the shift
     */
    public long getShift() {
        return shift;
    }

    /**
     * Returns the per-example axis.
     *
     * @return the axis
     */
    public int getAxis() {
        return axis;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int full = ExampleAxis.resolve(axis, x.getShape(), "roll");
        long n = x.getShape().get(full);
        long s = Math.floorMod(shift, n);
        if (s == 0) {
            return new NDList(x);
        }
        NDArray tail = x.get(new NDIndex().addAllDim(full).addSliceDim(n - s, n));
        NDArray head = x.get(new NDIndex().addAllDim(full).addSliceDim(0, n - s));
        return new NDList(tail.concat(head, full));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        ExampleAxis.resolve(axis, inputShapes[0], "roll");
        return new Shape[] {inputShapes[0]};
    }
}
