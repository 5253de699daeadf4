package dev.vmodel.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.data.Augmentation;
import dev.vmodel.runtime.data.Batch;
import dev.vmodel.runtime.data.BatchPlan;
import dev.vmodel.runtime.data.Batches;
import dev.vmodel.runtime.data.DataException;
import dev.vmodel.runtime.data.ImageSet;
import dev.vmodel.runtime.data.Normalization;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.train.optim.SoftTargetCrossEntropy;

/**
 * A model's loss and accuracy on a labelled set, in inference mode: cross-entropy on the plain
 * labels (no smoothing, no mixing), top-1 and top-k with k = min(5, classes), as timm reports them.
 *
 * @param loss mean cross-entropy per image, NaN for an empty set
 * @param top1 share of images whose best score is their label
 * @param top5 share of images whose label is among the best min(5, classes) scores
 * @param images how many images were scored
 */
public record Evaluation(double loss, double top1, double top5, long images) {

    /** What an empty validation set gives. */
    public static final Evaluation NONE = new Evaluation(Double.NaN, Double.NaN, Double.NaN, 0);

    /**
     * Scores every image of {@code set}, {@code batch} at a time.
     *
     * @param model the model, initialised
     * @param store its parameter store
     * @param base the manager each batch's arrays are made under (and freed from)
     * @param set the images
     * @param batch the batch size
     * @param norm the normalisation of the training data
     * @param classes the model's class count
     * @param stop checked between batches; a requested stop ends the pass early with null
     * @return the scores, or null if stopped
     * @throws DataException if an image cannot be read
     */
    static Evaluation run(
            SpecModel model,
            ParameterStore store,
            NDManager base,
            ImageSet set,
            int batch,
            Normalization norm,
            long classes,
            StopSignal stop)
            throws DataException {
        if (set.size() == 0) {
            return NONE;
        }
        BatchPlan plan = new BatchPlan(set.size(), batch, 0, 0, false);
        int k = (int) Math.min(5, classes);
        double lossSum = 0;
        long right1 = 0;
        long rightK = 0;
        long seen = 0;
        for (int s = 0; s < plan.steps(); s++) {
            if (stop != null && stop.requested()) {
                return null;
            }
            Batch b = Batches.assemble(set, plan.indices(s), Augmentation.NONE, norm, 0.0, 0);
            try (NDManager step = base.newSubManager()) {
                NDArray x = step.create(b.images(), new Shape(b.n(), b.c(), b.h(), b.w()));
                NDArray logits = model.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray targets = step.create(Training.padTargets(b, classes), new Shape(b.n(), classes));
                lossSum += SoftTargetCrossEntropy.loss(logits, targets).getFloat() * (double) b.n();
                float[] scores = logits.toFloatArray();
                for (int i = 0; i < b.n(); i++) {
                    int rank = rankOf(scores, i * (int) classes, (int) classes, b.labels()[i]);
                    right1 += rank == 0 ? 1 : 0;
                    rightK += rank < k ? 1 : 0;
                }
                seen += b.n();
            }
        }
        return new Evaluation(lossSum / seen, right1 / (double) seen, rightK / (double) seen, seen);
    }

    /** How many classes score strictly higher than the label (ties go to the label, as topk does on equal scores). */
    private static int rankOf(float[] scores, int offset, int classes, int label) {
        float mine = scores[offset + label];
        int higher = 0;
        for (int c = 0; c < classes; c++) {
            if (scores[offset + c] > mine) {
                higher++;
            }
        }
        return higher;
    }
}
