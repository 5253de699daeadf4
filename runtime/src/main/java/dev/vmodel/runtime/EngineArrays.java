package dev.vmodel.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays whose storage libtorch owns, for values that come from Java: every constant that enters
 * a model's autograd graph goes through here.
 *
 * <p><b>Why.</b> DJL 0.36's PyTorch engine does not copy Java data on the CPU. {@code
 * create(float[])}, {@code set(float[])} and the 0-d scalar behind every {@code mul(Number)},
 * {@code div(Number)} or {@code maximum(Number)} wrap a direct {@code ByteBuffer} with {@code
 * torch::from_blob}, and only the Java array object keeps that buffer alive. Autograd keeps its own
 * reference to the tensor when an op saves it for the backward pass ({@code mul} and {@code div}
 * save the other operand, {@code maximum} both, {@code gather} its index, a linear layer its
 * input). Once the Java array is closed (at once, for the scalar of {@code mul(Number)}; at the end
 * of the pass, for a per-pass scope), the garbage collector may free the buffer and {@code malloc}
 * hand its bytes to someone else before the backward pass reads them. The gradients are then
 * garbage: NaN, or wrong in the last bits, depending on when the collector ran. That was the
 * intermittent NaN loss of Swin in DJL and the run-to-run differences of training under G1
 * ({@code JavaMemoryInGraphsTest} reproduces it for each block).
 *
 * <p>The arrays made here are copies in libtorch's own memory (its allocator also aligns them the
 * same way in every run), so nothing in a graph depends on the Java heap.
 */
public final class EngineArrays {

    private EngineArrays() {}

    /**
     * An array holding {@code data}, in storage libtorch allocated.
     *
     * @param manager the manager the array belongs to
     * @param data the values, row-major
     * @param shape the shape
     * @return a float32 array
     */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        try (NDArray wrapped = manager.create(data, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * An array holding {@code data}, in storage libtorch allocated.
     *
     * @param manager the manager the array belongs to
     * @param data the values, row-major
     * @param shape the shape
     * @return an int64 array
     */
    public static NDArray of(NDManager manager, long[] data, Shape shape) {
        try (NDArray wrapped = manager.create(data, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * A 0-d array of {@code value} with the data type, device and manager of {@code like}.
     *
     * @param like the array the scalar will be combined with
     * @param value the value (rounded to the data type of {@code like})
     * @return a scalar in libtorch's memory
     */
    public static NDArray scalar(NDArray like, double value) {
        try (NDArray wrapped = like.getManager().create(value)) {
            NDArray typed = wrapped.toDevice(like.getDevice(), false).toType(like.getDataType(), false);
            return typed == wrapped ? wrapped.duplicate() : typed;
        }
    }

    /**
     * {@code x * factor}, as {@code x.mul(factor)} computes it but safe in a graph.
     *
     * @param x the array
     * @param factor the factor
     * @return the product
     */
    public static NDArray times(NDArray x, double factor) {
        try (NDArray s = scalar(x, factor)) {
            return x.mul(s);
        }
    }

    /**
     * {@code x / divisor}, as {@code x.div(divisor)} computes it but safe in a graph.
     *
     * @param x the array
     * @param divisor the divisor
     * @return the quotient
     */
    public static NDArray dividedBy(NDArray x, double divisor) {
        try (NDArray s = scalar(x, divisor)) {
            return x.div(s);
        }
    }

    /**
     * {@code max(x, floor)} elementwise, as {@code x.maximum(floor)} computes it but safe in a graph.
     *
     * @param x the array
     * @param floor the least value
     * @return the maximum
     */
    public static NDArray atLeast(NDArray x, double floor) {
        try (NDArray s = scalar(x, floor)) {
            return x.maximum(s);
        }
    }
}
