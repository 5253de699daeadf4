package dev.vmodel.runtime.train.report;

/**
 * The metrics of one finished epoch.
 *
 * @param epoch the epoch, from 1
 * @param step the global step at the end of the epoch (steps done since the start of the run)
 * @param trainLoss the mean training loss over the epoch
 * @param valLoss the validation loss, NaN when there is no validation set
 * @param top1 the top-1 validation accuracy in [0, 1], NaN without validation
 * @param top5 the top-5 validation accuracy in [0, 1], NaN without validation
 * @param lr the learning rate at the end of the epoch
 * @param imagesPerSecond the training throughput over the epoch
 * @param seconds the wall-clock duration of the epoch
 */
public record EpochMetrics(
        int epoch,
        long step,
        double trainLoss,
        double valLoss,
        double top1,
        double top5,
        double lr,
        double imagesPerSecond,
        double seconds) {

    /**
     * Checks the counters; the other fields take NaN for "not measured".
     *
     * @param epoch the epoch, from 1
     * @param step the global step at the end of the epoch, not negative
     * @param trainLoss the mean training loss
     * @param valLoss the validation loss, or NaN
     * @param top1 the top-1 accuracy in [0, 1], or NaN
     * @param top5 the top-5 accuracy in [0, 1], or NaN
     * @param lr the learning rate at the end of the epoch
     * @param imagesPerSecond the training throughput
     * @param seconds the duration of the epoch
     */
    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be at least 1, got " + epoch);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, got " + step);
        }
    }
}
