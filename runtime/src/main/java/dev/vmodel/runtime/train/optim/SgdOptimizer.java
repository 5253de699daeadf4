package dev.vmodel.runtime.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * SGD as {@code torch.optim.SGD} without dampening:
 *
 * <pre>
 * g = g + wd * w
 * buf = momentum * buf + g            (momentum above 0; buf starts at 0, so the first buf is g)
 * g = nesterov ? g + momentum * buf : buf
 * w = w - lr * g
 * </pre>
 */
final class SgdOptimizer extends ParameterOptimizer {

    private static final List<String> KINDS = List.of("momentum_buffer");

    private final double weightDecay;
    private final double momentum;
    private final boolean nesterov;
    private final NDArray[] buffers;

    SgdOptimizer(Map<String, Parameter> params, OptimizerSettings s) {
        super(params);
        this.weightDecay = s.weightDecay();
        this.momentum = s.momentum();
        this.nesterov = s.nesterov();
        buffers = new NDArray[momentum > 0 ? size() : 0];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = zerosLikeParameter(i);
        }
    }

    @Override
    protected boolean update(int index, NDArray weight, NDArray grad, double lr, boolean decay, NDManager scratch) {
        NDArray g = grad;
        if (decay && weightDecay != 0) {
            g = grad.add(weight.mul(weightDecay));
        }
        if (momentum > 0) {
            NDArray buf = buffers[index];
            buf.tempAttach(scratch);
            buf.muli(momentum).addi(g);
            g = nesterov ? g.add(buf.mul(momentum)) : buf;
        }
        weight.subi(g.mul(lr));
        return false;
    }

    @Override
    protected List<String> stateKinds() {
        return buffers.length == 0 ? List.of() : KINDS;
    }

    @Override
    protected NDArray stateArray(int kind, int index) {
        return buffers[index];
    }
}
