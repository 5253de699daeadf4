package dev.vmodel.runtime.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Assembles batches: reads the images, augments them (training), normalises them and makes their
 * targets. Every random choice comes from {@link SplittableRandom}s seeded from the seed the caller
 * passes, image {@code j} of the batch from its own stream and mixup/cutmix from another, so the
 * result is a pure function of the arguments, whatever the number of threads.
 */
public final class Batches {
    /** Above this many pixels a batch's images are prepared in parallel. */
    private static final int PARALLEL_PIXELS = 1 << 16;

    private static final double LOG_RATIO_LO = StrictMath.log(3.0 / 4);
    private static final double LOG_RATIO_HI = StrictMath.log(4.0 / 3);

    private Batches() {}

    /**
     * The seed of one step's batch: a pure function of the run's seed, the epoch and the step, for
     * callers that need one to pass to {@link #assemble}.
     */
    public static long stepSeed(long runSeed, int epoch, int step) {
        return Seeds.mix(Seeds.mix(runSeed, epoch), step);
    }

    /**
     * Reads, augments (only if {@code aug} is not {@link Augmentation#NONE}), normalises and labels the
     * images at {@code indices}.
     *
     * @param seed a pure function of (run seed, epoch, step); per-image randomness derives from it
     * @param labelSmoothing the smoothing {@code s} in [0, 1): targets are {@code 1 - s + s/K} on the
     *     label and {@code s/K} elsewhere, before mixing
     * @throws DataException naming the file of an image that cannot be read
     */
    public static Batch assemble(
            ImageSet set, int[] indices, Augmentation aug, Normalization norm, double labelSmoothing, long seed)
            throws DataException {
        int n = indices.length;
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        int k = set.classes();
        if (n == 0) {
            throw new IllegalArgumentException("an empty batch");
        }
        if (norm.channels() != c) {
            throw new IllegalArgumentException("normalisation for " + norm.channels() + " channels, images of " + c);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing " + labelSmoothing + " is not in [0, 1)");
        }
        int chw = c * h * w;
        float[] images = new float[Math.multiplyExact(n, chw)];
        float[][] table = norm.table();
        int[] labels = new int[n];
        for (int j = 0; j < n; j++) {
            labels[j] = set.label(indices[j]);
        }

        IntStream samples = IntStream.range(0, n);
        if ((long) n * chw >= PARALLEL_PIXELS) {
            samples = samples.parallel();
        }
        try {
            samples.forEach(j -> {
                try {
                    prepare(set, indices[j], aug, table, new SplittableRandom(Seeds.mix(seed, j)), images, j * chw);
                } catch (DataException e) {
                    throw new Failure(e);
                }
            });
        } catch (Failure f) {
            throw f.cause;
        }

        float[] targets = new float[n * k];
        float off = (float) (labelSmoothing / k);
        float on = (float) (1 - labelSmoothing + labelSmoothing / k);
        Arrays.fill(targets, off);
        for (int j = 0; j < n; j++) {
            targets[j * k + labels[j]] = on;
        }
        if (aug.mixes()) {
            mix(images, targets, n, c, h, w, k, aug, new SplittableRandom(Seeds.mix(seed, -1)));
        }
        return new Batch(images, n, c, h, w, k, targets, labels);
    }

    /** Reads image {@code index}, augments it and writes it normalised at {@code out[at]}. */
    private static void prepare(
            ImageSet set, int index, Augmentation aug, float[][] table, SplittableRandom random, float[] out, int at)
            throws DataException {
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        byte[] image = new byte[c * h * w];
        set.pixels(index, image);
        byte[] spare = null;
        if (aug.randomResizedCrop()) {
            spare = new byte[image.length];
            randomResizedCrop(image, spare, c, h, w, aug.minScale(), random);
            byte[] t = image;
            image = spare;
            spare = t;
        }
        if (aug.cropPadding() > 0) {
            if (spare == null) {
                spare = new byte[image.length];
            }
            int p = aug.cropPadding();
            paddedCrop(image, spare, c, h, w, random.nextInt(2 * p + 1) - p, random.nextInt(2 * p + 1) - p);
            byte[] t = image;
            image = spare;
            spare = t;
        }
        if (aug.hflip() && random.nextBoolean()) {
            flip(image, c, h, w);
        }
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            float[] lut = table[ch];
            int base = ch * plane;
            for (int p = 0; p < plane; p++) {
                out[at + base + p] = lut[image[base + p] & 0xFF];
            }
        }
    }

    /**
     * torchvision's {@code RandomResizedCrop}: up to ten tries at a box of area in [minScale, 1] of the
     * image and log-uniform aspect ratio in [3/4, 4/3] that fits; else the largest centred box of
     * ratio within the range. The box is resized back to {@code h x w}.
     */
    static void randomResizedCrop(
            byte[] src, byte[] dst, int c, int h, int w, double minScale, SplittableRandom random) {
        double area = (double) h * w;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + (1 - minScale) * random.nextDouble());
            double ratio = StrictMath.exp(LOG_RATIO_LO + (LOG_RATIO_HI - LOG_RATIO_LO) * random.nextDouble());
            int cw = (int) Math.round(Math.sqrt(target * ratio));
            int ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
                int top = random.nextInt(h - ch + 1);
                int left = random.nextInt(w - cw + 1);
                new Resample(h, w, top, left, top + ch, left + cw, h, w).apply(src, 0, c, dst, 0);
                return;
            }
        }
        double inRatio = (double) w / h;
        int cw;
        int ch;
        if (inRatio < 3.0 / 4) {
            cw = w;
            ch = Math.min(h, (int) Math.round(w / (3.0 / 4)));
        } else if (inRatio > 4.0 / 3) {
            ch = h;
            cw = Math.min(w, (int) Math.round(h * (4.0 / 3)));
        } else {
            cw = w;
            ch = h;
        }
        int top = (h - ch) / 2;
        int left = (w - cw) / 2;
        new Resample(h, w, top, left, top + ch, left + cw, h, w).apply(src, 0, c, dst, 0);
    }

    /**
     * A crop of the image padded with zeros, shifted by {@code (dy, dx)}: {@code dst[y][x] =
     * src[y + dy][x + dx]}, or 0 outside the source. A random crop with padding {@code p} of
     * torchvision is this with {@code dy, dx} uniform in {@code [-p, p]}.
     */
    static void paddedCrop(byte[] src, byte[] dst, int c, int h, int w, int dy, int dx) {
        Arrays.fill(dst, 0, c * h * w, (byte) 0);
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(w, w - dx);
        if (x1 <= x0) {
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            int plane = ch * h * w;
            for (int y = Math.max(0, -dy); y < Math.min(h, h - dy); y++) {
                System.arraycopy(src, plane + (y + dy) * w + x0 + dx, dst, plane + y * w + x0, x1 - x0);
            }
        }
    }

    /** Mirrors the image left-right, in place. */
    static void flip(byte[] image, int c, int h, int w) {
        for (int row = 0; row < c * h; row++) {
            int base = row * w;
            for (int x = 0, y = w - 1; x < y; x++, y--) {
                byte t = image[base + x];
                image[base + x] = image[base + y];
                image[base + y] = t;
            }
        }
    }

    /**
     * timm's batch-mode mixup and cutmix: each image is mixed with the image at the mirrored position
     * of the batch ({@code j} with {@code n-1-j}), with one lambda ~ Beta(alpha, alpha) for the batch.
     * Mixup blends the whole images; cutmix pastes a box of area about {@code 1 - lambda} (centred at
     * a uniform point, clipped at the borders) and corrects lambda to the box's true area. Targets
     * are blended with the same lambda.
     */
    private static void mix(
            float[] images,
            float[] targets,
            int n,
            int c,
            int h,
            int w,
            int k,
            Augmentation aug,
            SplittableRandom random) {
        boolean cutmix;
        if (aug.mixup() > 0 && aug.cutmix() > 0) {
            cutmix = random.nextDouble() < 0.5;
        } else {
            cutmix = aug.cutmix() > 0;
        }
        double lambda = Seeds.beta(random, cutmix ? aug.cutmix() : aug.mixup());
        float[] source = images.clone();
        int chw = c * h * w;
        if (cutmix) {
            double cut = Math.sqrt(1 - lambda);
            int cutH = (int) (h * cut);
            int cutW = (int) (w * cut);
            int cy = random.nextInt(h);
            int cx = random.nextInt(w);
            int y0 = clamp(cy - cutH / 2, h);
            int y1 = clamp(cy + cutH / 2, h);
            int x0 = clamp(cx - cutW / 2, w);
            int x1 = clamp(cx + cutW / 2, w);
            for (int j = 0; j < n; j++) {
                int to = j * chw;
                int from = (n - 1 - j) * chw;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = y0; y < y1; y++) {
                        int offset = ch * h * w + y * w + x0;
                        System.arraycopy(source, from + offset, images, to + offset, x1 - x0);
                    }
                }
            }
            lambda = 1 - (double) (y1 - y0) * (x1 - x0) / (h * w);
        } else {
            float a = (float) lambda;
            float b = (float) (1 - lambda);
            for (int j = 0; j < n; j++) {
                int to = j * chw;
                int from = (n - 1 - j) * chw;
                for (int p = 0; p < chw; p++) {
                    images[to + p] = a * source[to + p] + b * source[from + p];
                }
            }
        }
        float[] plain = targets.clone();
        float a = (float) lambda;
        float b = (float) (1 - lambda);
        for (int j = 0; j < n; j++) {
            for (int q = 0; q < k; q++) {
                targets[j * k + q] = a * plain[j * k + q] + b * plain[(n - 1 - j) * k + q];
            }
        }
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(v, size));
    }

    /** Carries a {@link DataException} out of a stream's lambda. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient DataException cause;

        Failure(DataException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
