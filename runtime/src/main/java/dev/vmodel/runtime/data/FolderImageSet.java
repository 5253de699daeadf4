package dev.vmodel.runtime.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Image files listed when the set is made and decoded when read, with {@link ImageIO} (PNG, JPEG):
 * converted to the model's channels (RGB, alpha dropped; or luminance for a 1-channel model) and
 * resized to cover the model's input, then centre-cropped.
 */
final class FolderImageSet extends ImageSet {
    private final Path[] files;
    private final int[] labels;

    FolderImageSet(
            String name, Path[] files, int[] labels, List<String> classNames, int channels, int height, int width) {
        super(name, channels, height, width, classNames);
        this.files = files;
        this.labels = labels;
    }

    /** The file of image {@code i}. */
    Path file(int i) {
        checkIndex(i);
        return files[i];
    }

    @Override
    public int size() {
        return files.length;
    }

    @Override
    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    @Override
    public void pixels(int i, byte[] dst) throws DataException {
        checkIndex(i);
        Path file = files[i];
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders throw runtime exceptions on some malformed data, not just IOException.
            throw new DataException(file + ": cannot decode the image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new DataException(file + ": not a PNG or JPEG image");
        }
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] planes = toChannels(image, channels());
        if (h == height() && w == width()) {
            System.arraycopy(planes, 0, dst, 0, planes.length);
        } else {
            Resample.cover(h, w, height(), width()).apply(planes, 0, channels(), dst, 0);
        }
    }

    /**
     * The pixels of {@code image} as {@code channels} planes of unsigned bytes. Gray images are read
     * from the raster, since {@link BufferedImage#getRGB} would pass their linear gray through a
     * colour conversion that changes the values; everything else goes through {@code getRGB}.
     * Luminance is Pillow's {@code convert("L")}: {@code (299 R + 587 G + 114 B) / 1000}.
     */
    static byte[] toChannels(BufferedImage image, int channels) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        byte[] out = new byte[channels * plane];
        Raster raster = image.getRaster();
        boolean gray = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getColorModel().getNumColorComponents() == 1;
        if (gray) {
            int bits = image.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits == 8 ? row[x] : (int) Math.round(row[x] * 255.0 / ((1 << bits) - 1));
                    for (int c = 0; c < channels; c++) {
                        out[c * plane + y * w + x] = (byte) v;
                    }
                }
            }
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int r = (argb >> 16) & 0xFF;
                int g = (argb >> 8) & 0xFF;
                int b = argb & 0xFF;
                int at = y * w + x;
                if (channels == 1) {
                    out[at] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                } else {
                    out[at] = (byte) r;
                    out[plane + at] = (byte) g;
                    out[2 * plane + at] = (byte) b;
                    for (int c = 3; c < channels; c++) {
                        out[c * plane + at] = 0;
                    }
                }
            }
        }
        return out;
    }
}
