package dev.vmodel.runtime.data;

/**
 * Bilinear resampling of a box of a channel-first uint8 image to a new size, as Pillow's {@code
 * Image.resize(size, BILINEAR, box)} computes it (the path torchvision's transforms take on PIL
 * images): a triangle filter that widens with the downscaling factor, so that shrinking averages
 * instead of aliasing, and that is plain bilinear interpolation with half-pixel centres when
 * enlarging. Separable: a horizontal pass into floats, then a vertical pass rounded to bytes.
 *
 * <p>A plan holds the filter weights of one geometry, computed once and reused for every image of
 * that geometry; it is immutable and safe to share between threads.
 */
final class Resample {
    private final int srcHeight;
    private final int srcWidth;
    private final int dstHeight;
    private final int dstWidth;
    private final Axis rows;
    private final Axis cols;

    /**
     * The plan that maps the box {@code [left, right) x [top, bottom)} of a {@code srcHeight x
     * srcWidth} image (source pixel coordinates, pixel {@code i} covering {@code [i, i+1)}) onto a
     * {@code dstHeight x dstWidth} image.
     */
    Resample(
            int srcHeight,
            int srcWidth,
            double top,
            double left,
            double bottom,
            double right,
            int dstHeight,
            int dstWidth) {
        this.srcHeight = srcHeight;
        this.srcWidth = srcWidth;
        this.dstHeight = dstHeight;
        this.dstWidth = dstWidth;
        this.rows = new Axis(srcHeight, top, bottom, dstHeight);
        this.cols = new Axis(srcWidth, left, right, dstWidth);
    }

    /** The whole of a {@code srcHeight x srcWidth} image resized to {@code dstHeight x dstWidth}. */
    static Resample whole(int srcHeight, int srcWidth, int dstHeight, int dstWidth) {
        return new Resample(srcHeight, srcWidth, 0, 0, srcHeight, srcWidth, dstHeight, dstWidth);
    }

    /**
     * Resizes so that the image covers {@code dstHeight x dstWidth} (the shorter side, relative to
     * the target, fits exactly) and crops the centre: torchvision's {@code Resize} then {@code
     * CenterCrop}, done as one resampling of the centred box.
     */
    static Resample cover(int srcHeight, int srcWidth, int dstHeight, int dstWidth) {
        double scale = Math.max((double) dstHeight / srcHeight, (double) dstWidth / srcWidth);
        double boxHeight = dstHeight / scale;
        double boxWidth = dstWidth / scale;
        double top = (srcHeight - boxHeight) / 2;
        double left = (srcWidth - boxWidth) / 2;
        return new Resample(srcHeight, srcWidth, top, left, top + boxHeight, left + boxWidth, dstHeight, dstWidth);
    }

    /**
     * Resamples {@code channels} planes of the source, starting at {@code src[srcOffset]}, into
     * {@code dst} from {@code dstOffset}.
     */
    void apply(byte[] src, int srcOffset, int channels, byte[] dst, int dstOffset) {
        int rowLo = rows.lowest();
        int rowHi = rows.highest();
        int band = rowHi - rowLo;
        float[] horizontal = new float[band * dstWidth];
        float[] acc = new float[dstWidth];
        int srcPlane = srcHeight * srcWidth;
        int dstPlane = dstHeight * dstWidth;
        for (int c = 0; c < channels; c++) {
            int planeBase = srcOffset + c * srcPlane;
            for (int r = 0; r < band; r++) {
                int rowBase = planeBase + (r + rowLo) * srcWidth;
                int outBase = r * dstWidth;
                for (int x = 0; x < dstWidth; x++) {
                    int start = cols.start[x];
                    int count = cols.count[x];
                    int w = x * cols.stride;
                    float sum = 0;
                    for (int k = 0; k < count; k++) {
                        sum += cols.weights[w + k] * (src[rowBase + start + k] & 0xFF);
                    }
                    horizontal[outBase + x] = sum;
                }
            }
            int outPlane = dstOffset + c * dstPlane;
            for (int y = 0; y < dstHeight; y++) {
                java.util.Arrays.fill(acc, 0f);
                int start = rows.start[y] - rowLo;
                int count = rows.count[y];
                int w = y * rows.stride;
                for (int k = 0; k < count; k++) {
                    float weight = rows.weights[w + k];
                    int base = (start + k) * dstWidth;
                    for (int x = 0; x < dstWidth; x++) {
                        acc[x] += weight * horizontal[base + x];
                    }
                }
                int outRow = outPlane + y * dstWidth;
                for (int x = 0; x < dstWidth; x++) {
                    int v = Math.round(acc[x]);
                    dst[outRow + x] = (byte) (v < 0 ? 0 : Math.min(v, 255));
                }
            }
        }
    }

    /** The filter of one axis: for each output position, the first source index and its weights. */
    private static final class Axis {
        final int[] start;
        final int[] count;
        final float[] weights;
        final int stride;

        Axis(int inSize, double in0, double in1, int outSize) {
            double scale = (in1 - in0) / outSize;
            double filterScale = Math.max(scale, 1.0);
            // The bilinear (triangle) filter has support 1, widened by the downscaling factor.
            double support = filterScale;
            stride = (int) Math.ceil(support) * 2 + 1;
            start = new int[outSize];
            count = new int[outSize];
            weights = new float[outSize * stride];
            double[] w = new double[stride];
            for (int xx = 0; xx < outSize; xx++) {
                double center = in0 + (xx + 0.5) * scale;
                // Truncation toward zero, as Pillow's C code does.
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int n = Math.min(Math.min((int) (center + support + 0.5), inSize) - xmin, stride);
                double total = 0;
                for (int x = 0; x < n; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) / filterScale);
                    w[x] = t < 1 ? 1 - t : 0;
                    total += w[x];
                }
                if (n <= 0 || total <= 0) {
                    // A degenerate box (narrower than a pixel at an edge): take the nearest pixel.
                    xmin = Math.min(Math.max((int) Math.floor(center), 0), inSize - 1);
                    n = 1;
                    w[0] = 1;
                    total = 1;
                }
                start[xx] = xmin;
                count[xx] = n;
                for (int x = 0; x < n; x++) {
                    weights[xx * stride + x] = (float) (w[x] / total);
                }
            }
        }

        int lowest() {
            int lo = Integer.MAX_VALUE;
            for (int s : start) {
                lo = Math.min(lo, s);
            }
            return lo;
        }

        int highest() {
            int hi = 0;
            for (int i = 0; i < start.length; i++) {
                hi = Math.max(hi, start[i] + count[i]);
            }
            return hi;
        }
    }
}
