package dev.vmodel.runtime.train.optim;

import java.util.Locale;

/**
 * The choice of optimizer and its hyper-parameters, with PyTorch's meaning.
 *
 * @param name {@code adamw} (decoupled weight decay, {@code torch.optim.AdamW}), {@code adam} (L2
 *     weight decay added to the gradient, {@code torch.optim.Adam}) or {@code sgd} ({@code
 *     torch.optim.SGD}, no dampening); case-insensitive
 * @param weightDecay the weight decay, at least 0, applied only where {@link WeightDecay#applies}
 * @param momentum SGD's momentum in {@code [0, 1)}; unused by Adam
 * @param nesterov whether SGD uses Nesterov momentum (needs a momentum above 0)
 * @param beta1 Adam's first-moment decay in {@code [0, 1)}; unused by SGD
 * @param beta2 Adam's second-moment decay in {@code [0, 1)}; unused by SGD
 * @param eps Adam's denominator term, above 0; unused by SGD
 */
public record OptimizerSettings(
        String name, double weightDecay, double momentum, boolean nesterov, double beta1, double beta2, double eps) {

    /** PyTorch's default first-moment decay. */
    public static final double DEFAULT_BETA1 = 0.9;

    /** PyTorch's default second-moment decay. */
    public static final double DEFAULT_BETA2 = 0.999;

    /** PyTorch's default Adam epsilon. */
    public static final double DEFAULT_EPS = 1e-8;

    /**
     * Checks the values and lower-cases the name.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    public OptimizerSettings {
        if (name == null) {
            throw new IllegalArgumentException("optimizer name must not be null");
        }
        name = name.toLowerCase(Locale.ROOT);
        if (!name.equals("adamw") && !name.equals("adam") && !name.equals("sgd")) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "' (known: adamw, adam, sgd)");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and at least 0, got " + weightDecay);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && !(momentum > 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and above 0, got " + eps);
        }
    }

    /**
     * AdamW with PyTorch's default betas and epsilon.
     *
     * @param weightDecay the decoupled weight decay
     * @return the settings
     */
    public static OptimizerSettings adamw(double weightDecay) {
        return new OptimizerSettings("adamw", weightDecay, 0, false, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    /**
     * Adam (L2 weight decay) with PyTorch's default betas and epsilon.
     *
     * @param weightDecay the L2 weight decay
     * @return the settings
     */
    public static OptimizerSettings adam(double weightDecay) {
        return new OptimizerSettings("adam", weightDecay, 0, false, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    /**
     * SGD, with Adam's fields at their defaults.
     *
     * @param weightDecay the L2 weight decay
     * @param momentum the momentum, 0 for none
     * @param nesterov whether to use Nesterov momentum
     * @return the settings
     */
    public static OptimizerSettings sgd(double weightDecay, double momentum, boolean nesterov) {
        return new OptimizerSettings("sgd", weightDecay, momentum, nesterov, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }
}
