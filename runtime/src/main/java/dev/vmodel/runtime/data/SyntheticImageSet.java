package dev.vmodel.runtime.data;

import java.util.SplittableRandom;

/**
 * Images that a tiny model learns in seconds: class {@code k} is a bright square in cell {@code k} of
 * a grid over the image, on dim noise, with a little seeded jitter of the square's brightness. Every
 * image is a pure function of the seed and its index, made when read, so the set costs no memory.
 * Labels cycle through the classes, so every class has the same number of images (give or take one).
 */
final class SyntheticImageSet extends ImageSet {
    private final int size;
    private final int classes;
    private final long seed;
    private final int grid;

    SyntheticImageSet(int size, int classes, int channels, int height, int width, long seed) {
        super("synthetic", channels, height, width, DataFiles.numberedClasses(classes));
        this.size = size;
        this.classes = classes;
        this.seed = seed;
        this.grid = (int) Math.ceil(Math.sqrt(classes));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int label(int i) {
        checkIndex(i);
        return i % classes;
    }

    @Override
    public void pixels(int i, byte[] dst) {
        int label = label(i);
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, i));
        int plane = height() * width();
        for (int p = 0; p < channels() * plane; p++) {
            dst[p] = (byte) random.nextInt(64);
        }
        // Cell k of a grid x grid layout; cells may overlap when the image has fewer pixels than cells.
        int row = label / grid;
        int col = label % grid;
        int y0 = row * height() / grid;
        int y1 = Math.max(y0 + 1, (row + 1) * height() / grid);
        int x0 = col * width() / grid;
        int x1 = Math.max(x0 + 1, (col + 1) * width() / grid);
        int bright = 192 + random.nextInt(64);
        for (int c = 0; c < channels(); c++) {
            for (int y = y0; y < Math.min(y1, height()); y++) {
                for (int x = x0; x < Math.min(x1, width()); x++) {
                    dst[c * plane + y * width() + x] = (byte) bright;
                }
            }
        }
    }
}
