package dev.vmodel.runtime.data;

/**
 * The training augmentations of a recipe, applied by {@link Batches#assemble} in this order: random
 * resized crop, random crop with zero padding, horizontal flip, (normalisation), then mixup or
 * cutmix over the batch.
 *
 * @param cropPadding zero padding on each side before a random crop back to the image size; 0 = off
 * @param randomResizedCrop whether to take a random box (area in [minScale, 1] of the image, aspect
 *     ratio in [3/4, 4/3]) resized back to the image size, as torchvision's {@code
 *     RandomResizedCrop}
 * @param minScale the smallest area fraction of the random resized crop, in (0, 1]
 * @param hflip whether to mirror left-right with probability 1/2
 * @param mixup the mixup Beta(alpha, alpha) parameter; 0 = off
 * @param cutmix the cutmix Beta(alpha, alpha) parameter; 0 = off. With both on, each batch uses one of
 *     them, chosen with probability 1/2 (timm's switch)
 */
public record Augmentation(
        int cropPadding, boolean randomResizedCrop, double minScale, boolean hflip, double mixup, double cutmix) {

    /** No augmentation, for evaluation. */
    public static final Augmentation NONE = new Augmentation(0, false, 0.08, false, 0, 0);

    /** Checks the ranges. */
    public Augmentation {
        if (cropPadding < 0) {
            throw new IllegalArgumentException("crop padding " + cropPadding + " is negative");
        }
        if (!(minScale > 0 && minScale <= 1)) {
            throw new IllegalArgumentException("random resized crop minimum scale " + minScale + " is not in (0, 1]");
        }
        if (!(mixup >= 0) || !(cutmix >= 0)) {
            throw new IllegalArgumentException("mixup " + mixup + " and cutmix " + cutmix + " must be >= 0");
        }
    }

    /** Whether any augmentation is on. */
    public boolean any() {
        return cropPadding > 0 || randomResizedCrop || hflip || mixes();
    }

    /** Whether mixup or cutmix is on. */
    public boolean mixes() {
        return mixup > 0 || cutmix > 0;
    }
}
