package dev.vmodel.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.NativeResource;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

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

    /**
     * The memory of a float32 array as a buffer that reads and writes it in place, for loops that
     * are one pass in Java but many engine calls as array arithmetic (the optimizers' updates).
     * Writes through the buffer bypass autograd: use it on arrays no graph is recording.
     *
     * <p>DJL's {@code toByteBuffer(true)} wraps libtorch's storage only for a dense, contiguous CPU
     * tensor and silently copies any other, so contiguity is asked of libtorch first (by reflection:
     * the PyTorch engine is a runtime dependency and DJL does not expose the question).
     *
     * @param array the array
     * @return a buffer over exactly its elements in row-major order, or {@code null} where the array
     *     is not float32, not on the CPU, not contiguous, or the engine cannot say
     */
    public static FloatBuffer floatMemory(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32
                || !Device.cpu().equals(array.getDevice())
                || array.isSparse()
                || !Contiguity.isContiguous(array)) {
            return null;
        }
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** libtorch's {@code is_contiguous}, through DJL's package-private JNI binding. */
    private static final class Contiguity {
        private static final Object LIB;
        private static final Method IS_CONTIGUOUS;

        static {
            Object lib = null;
            Method isContiguous = null;
            try {
                Class<?> jni = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
                Field field = jni.getDeclaredField("LIB");
                field.setAccessible(true);
                isContiguous = jni.getDeclaredMethod("torchIsContiguous", long.class);
                isContiguous.setAccessible(true);
                lib = field.get(null);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                isContiguous = null; // another engine or DJL version: no direct access
            }
            LIB = lib;
            IS_CONTIGUOUS = isContiguous;
        }

        static boolean isContiguous(NDArray array) {
            if (IS_CONTIGUOUS == null) {
                return false;
            }
            if (!(array instanceof NativeResource<?> resource && resource.getHandle() instanceof Long handle)) {
                return false;
            }
            try {
                return (Boolean) IS_CONTIGUOUS.invoke(LIB, handle);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }
}
