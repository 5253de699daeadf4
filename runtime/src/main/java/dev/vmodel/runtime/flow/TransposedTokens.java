package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * Tokens {@code [B, N, C]} turned to {@code [B, C, N]} for mixing along the token axis: to every
 * consumer the transposed view, but {@link ForwardFlow} also keeps the token-major array, so that a
 * {@link Linear} across tokens runs as one batched matmul {@code W @ x + b[:, None]} on it and the
 * transpose back costs nothing.
 *
 * <p>Applied to the transposed view as written in the spec ({@code linear} over the last axis of
 * {@code [B, C, N]}), the linear would first copy the strided view into a contiguous matrix (the
 * engine cannot fold a transposed batch into one matrix), add the bias in a separate pass because
 * the input is not contiguous, and hand the following element-wise ops a strided result; the
 * backward pass pays the same copies again. The token-major form computes the same function (up
 * to floating-point summation order) on contiguous arrays.
 */
final class TransposedTokens extends NDList {

    private static final long serialVersionUID = 1L;

    private final transient NDArray tokenMajor;
    private final transient Flow<NDList> owner;

    /**
     * @param tokenMajor tokens {@code [B, N, C]}
     * @param owner the flow that transposed them
     */
    TransposedTokens(NDArray tokenMajor, Flow<NDList> owner) {
        super(tokenMajor.swapAxes(1, 2));
        this.tokenMajor = tokenMajor;
        this.owner = owner;
    }

    /**
     * Whether {@code flow} transposed these tokens: only a linear applied right there, in the
     * block that transposed them, runs token-major. Handed to a nested block (MLP-Mixer's token
     * MLP), the tokens go on as the plain view: a token-major first linear would leave the
     * activation and the second linear strided, which measured slower than one copy up front.
     */
    boolean transposedBy(Flow<NDList> flow) {
        return owner == flow;
    }

    /** The tokens {@code [B, N, C]} this view transposes. */
    NDArray tokenMajor() {
        return tokenMajor;
    }

    /**
     * {@code linear} applied to the transposed tokens, computed on the token-major array.
     *
     * @param linear a linear layer mapping {@code N} tokens to {@code M}, initialised
     * @param parameterStore where the parameter values come from
     * @param training whether this is a training pass
     * @return the result, {@code [B, C, M]} to consumers, {@code [B, M, C]} token-major
     */
    TransposedTokens mix(Linear linear, ParameterStore parameterStore, boolean training) {
        NDArray x = tokenMajor;
        // Views of the parameters would belong to the parameters' manager and outlive the step:
        // move them to the data's manager, whose arrays the step frees.
        NDManager step = x.getManager();
        NDArray w = parameterStore.getValue(linear.getParameters().get("weight"), x.getDevice(), training);
        long m = w.getShape().get(0);
        NDArray batched = w.expandDims(0); // [1, M, N]
        batched.attach(step);
        // One weight for the whole batch: an expanded view, no copy; its gradient sums over B.
        NDArray y = batched.broadcast(
                        new Shape(x.getShape().get(0), m, w.getShape().get(1)))
                .matMul(x);
        if (linear.getParameters().contains("bias")) {
            NDArray b = parameterStore.getValue(linear.getParameters().get("bias"), x.getDevice(), training);
            NDArray column = b.reshape(m, 1);
            column.attach(step);
            y = y.add(column);
        }
        return new TransposedTokens(y, owner);
    }
}
