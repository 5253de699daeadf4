package dev.vmodel.runtime.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Clipping of gradients by their global norm, as PyTorch's {@code clip_grad_norm_}. */
public final class GradientClipping {

    /** PyTorch's guard against division by a zero norm. */
    private static final double EPS = 1e-6;

    private GradientClipping() {}

    /**
     * Scales all gradients in place so that their global L2 norm is at most {@code maxNorm}: by
     * {@code maxNorm / (norm + 1e-6)} when that is below 1, as PyTorch. Parameters that do not
     * require a gradient are skipped. A non-finite norm leaves the gradients as they are (PyTorch
     * would scale them all to NaN), so the caller can see it and skip the step.
     *
     * @param params the parameters whose gradients to clip
     * @param maxNorm the largest norm allowed; {@code <= 0} only measures
     * @return the global norm before clipping
     */
    public static double clipGlobalNorm(Collection<Parameter> params, double maxNorm) {
        List<NDArray> arrays = new ArrayList<>();
        for (Parameter p : params) {
            if (p.requiresGradient() && p.isInitialized()) {
                arrays.add(p.getArray());
            }
        }
        if (arrays.isEmpty()) {
            return 0;
        }
        try (NDManager scratch = arrays.get(0).getManager().newSubManager()) {
            List<NDArray> grads = new ArrayList<>(arrays.size());
            double sumSquares = 0;
            for (NDArray array : arrays) {
                NDArray grad = array.getGradient();
                grad.attach(scratch);
                grads.add(grad);
                // Per-tensor sums in the gradient's precision, added up in double.
                sumSquares +=
                        grad.square().sum().toType(DataType.FLOAT64, false).getDouble();
            }
            double norm = Math.sqrt(sumSquares);
            if (maxNorm > 0 && Double.isFinite(norm)) {
                double coef = maxNorm / (norm + EPS);
                if (coef < 1) {
                    for (NDArray grad : grads) {
                        grad.muli(coef);
                    }
                }
            }
            return norm;
        }
    }
}
