package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

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
 *
 * <p>The tokens stay token-major into nested blocks and through the layers that do not care
 * about the layout ({@link #apply}), so that MLP-Mixer's token MLP, {@code linear -> gelu ->
 * dropout -> linear} in a block of its own, runs without a copy. Any other layer gets the
 * transposed view, as written.
 */
final class TransposedTokens extends NDList {

    private static final long serialVersionUID = 1L;

    private final transient NDArray tokenMajor;

    /** @param tokenMajor tokens {@code [B, N, C]} */
    TransposedTokens(NDArray tokenMajor) {
        super(tokenMajor.swapAxes(1, 2));
        this.tokenMajor = tokenMajor;
    }

    /** The tokens {@code [B, N, C]} this view transposes. */
    NDArray tokenMajor() {
        return tokenMajor;
    }

    /**
     * {@code block} applied to the transposed tokens: token-major where the block allows it, the
     * result still transposed tokens; otherwise on the transposed view.
     *
     * @param block a layer, not a generated block (whose flow applies its layers here in turn)
     * @return the block's output, as {@code block.forward} on the view would give it
     */
    NDList apply(Block block, ParameterStore parameterStore, boolean training, PairList<String, Object> params) {
        if (block instanceof Linear linear && linear.isInitialized()) {
            return mix(linear, parameterStore, training);
        }
        if (ElementWise.is(block)) {
            return new TransposedTokens(block.forward(parameterStore, new NDList(tokenMajor), training, params)
                    .singletonOrThrow());
        }
        NDList out = block.forward(parameterStore, this, training, params);
        // A layer that passed its input through (dropout at rate 0 or in inference, identity)
        // keeps the tokens token-major for the next one.
        return out.size() == 1 && out.get(0) == get(0) ? this : out;
    }

    /**
     * {@code linear} applied to the transposed tokens, computed on the token-major array.
     *
     * @param linear a linear layer mapping {@code N} tokens to {@code M}, initialised
     * @param parameterStore where the parameter values come from
     * @param training whether this is a training pass
     * @return the result, {@code [B, C, M]} to consumers, {@code [B, M, C]} token-major
     */
    private TransposedTokens mix(Linear linear, ParameterStore parameterStore, boolean training) {
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
        return new TransposedTokens(y);
    }
}
