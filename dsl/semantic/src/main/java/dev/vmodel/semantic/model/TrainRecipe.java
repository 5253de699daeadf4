package dev.vmodel.semantic.model;

/**
 * The paper's training recipe from a model's {@code train { }} section, every setting evaluated
 * and defaulted. Epoch-based quantities are in epochs.
 */
public record TrainRecipe(
        String optimizer,
        double lr,
        double minLr,
        double weightDecay,
        double momentum,
        long warmupEpochs,
        String schedule,
        double labelSmoothing,
        long epochs,
        long batch,
        String dataset,
        double clipGrad) {

    /** What a model without a {@code train} section gets: a common AdamW/cosine ImageNet recipe. */
    public static TrainRecipe defaults() {
        return new TrainRecipe("adamw", 1e-3, 1e-5, 0.05, 0.9, 5, "cosine", 0.1, 300, 128, "imagenet", 0.0);
    }
}
