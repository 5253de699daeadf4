package dev.vmodel.runtime.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.vmodel.runtime.EngineArrays;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Adam and AdamW as {@code torch.optim.Adam} / {@code AdamW} (no AMSGrad), with {@code t} the
 * update count after this update:
 *
 * <pre>
 * AdamW: w = w * (1 - lr * wd)          Adam: g = g + wd * w
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 */
final class AdamOptimizer extends ParameterOptimizer {

    private static final List<String> KINDS = List.of("exp_avg", "exp_avg_sq");

    private final boolean decoupled;
    private final double weightDecay;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final NDArray[] expAvg;
    private final NDArray[] expAvgSq;
    private boolean kernel = true;

    AdamOptimizer(Map<String, Parameter> params, OptimizerSettings s, boolean decoupled) {
        super(params);
        this.decoupled = decoupled;
        this.weightDecay = s.weightDecay();
        this.beta1 = s.beta1();
        this.beta2 = s.beta2();
        this.eps = s.eps();
        expAvg = new NDArray[size()];
        expAvgSq = new NDArray[size()];
        for (int i = 0; i < size(); i++) {
            expAvg[i] = zerosLikeParameter(i);
            expAvgSq[i] = zerosLikeParameter(i);
        }
    }

    /** Makes every update array arithmetic, for tests that compare the two forms. */
    void useArrayForm() {
        kernel = false;
    }

    @Override
    protected boolean update(int index, NDArray weight, NDArray grad, double lr, boolean decay, NDManager scratch) {
        NDArray m = expAvg[index];
        NDArray v = expAvgSq[index];
        double wd = decay ? weightDecay : 0;
        if (kernel) {
            FloatBuffer wMemory = EngineArrays.floatMemory(weight);
            FloatBuffer gMemory = EngineArrays.floatMemory(grad);
            FloatBuffer mMemory = EngineArrays.floatMemory(m);
            FloatBuffer vMemory = EngineArrays.floatMemory(v);
            if (wMemory != null && gMemory != null && mMemory != null && vMemory != null) {
                new AdamKernel(decoupled, wd, lr, beta1, beta2, eps, steps())
                        .update(wMemory, gMemory, mMemory, vMemory);
                return true;
            }
        }
        // The same update as array arithmetic (float64 parameters, or memory Java cannot reach).
        // Results of arithmetic on m and v go to their manager: lend them to the scratch one.
        m.tempAttach(scratch);
        v.tempAttach(scratch);
        NDArray g = grad;
        if (wd != 0) {
            if (decoupled) {
                weight.muli(1 - lr * wd);
            } else {
                g = grad.add(weight.mul(wd));
            }
        }
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
        long t = steps();
        double biasCorrection1 = 1 - StrictMath.pow(beta1, t);
        double biasCorrection2 = 1 - StrictMath.pow(beta2, t);
        NDArray denom = v.sqrt().divi(Math.sqrt(biasCorrection2)).addi(eps);
        weight.subi(m.div(denom).muli(lr / biasCorrection1));
        return false;
    }

    @Override
    protected List<String> stateKinds() {
        return KINDS;
    }

    @Override
    protected NDArray stateArray(int kind, int index) {
        return kind == 0 ? expAvg[index] : expAvgSq[index];
    }
}
