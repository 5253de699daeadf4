package dev.vmodel.runtime.train.optim;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy against soft targets (mixup, cutmix, label smoothing), as timm's {@code
 * SoftTargetCrossEntropy}.
 */
public final class SoftTargetCrossEntropy {

    private SoftTargetCrossEntropy() {}

    /**
     * Returns {@code mean_b(-sum_k target[b,k] * log_softmax(logits)[b,k])}, a scalar; its gradient
     * with respect to the logits is {@code (softmax(logits) * sum_k target[b,k] - target) / B}, that
     * is {@code (softmax - target) / B} for targets that sum to 1. Plain differentiable operations,
     * so it works inside a {@link ai.djl.training.GradientCollector}.
     *
     * @param logits the scores, {@code [B, K]}
     * @param targets the class probabilities, {@code [B, K]}
     * @return the mean loss, a 0-dimensional array in the logits' manager
     * @throws IllegalArgumentException if the shapes are not both {@code [B, K]}
     */
    public static NDArray loss(NDArray logits, NDArray targets) {
        if (logits.getShape().dimension() != 2 || !logits.getShape().equals(targets.getShape())) {
            throw new IllegalArgumentException(
                    "soft-target cross-entropy needs logits and targets of one shape [B, K], got " + logits.getShape()
                            + " and " + targets.getShape());
        }
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).mean().neg();
    }
}
