package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * A linear's output held as equal parts of its channels, each part a product of its own over a
 * slice of the weight's rows ({@link Flow#applyInParts}), for a block that starts by splitting its
 * input into those parts ({@code split channels into u, v}, gMLP's spatial gating unit).
 *
 * <p>Each part is then a contiguous array of its own. The plain split hands out strided views of
 * one product: layer norm copies such a view before normalising it, and again in its backward, and
 * the split's backward concatenates the parts' gradients into one array. Element-wise layers
 * between the linear and the split apply to each part ({@link ForwardFlow#apply}).
 *
 * <p>Read as one array ({@link #singletonOrThrow}) it is its parts concatenated along the last
 * axis: an operation that does not know of the parts still gets the linear's whole output.
 */
final class ChannelParts extends NDList {
    private static final long serialVersionUID = 1L;

    ChannelParts(NDList parts) {
        super(parts);
    }

    /** The parts joined into the one array the linear would have made. */
    NDArray joined() {
        NDArray first = get(0);
        return NDArrays.concat(this, first.getShape().dimension() - 1);
    }

    @Override
    public NDArray singletonOrThrow() {
        return joined();
    }
}
