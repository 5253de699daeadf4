package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * The keep mask of inverted dropout, drawn faster than the engine's own dropout on CPU.
 *
 * <p>PyTorch's CPU dropout draws its mask with {@code bernoulli_(keep)}, whose scalar kernel takes
 * two 32-bit Mersenne-Twister draws and a double per element, serially (the parallel MKL path is
 * for Intel CPUs only); {@code uniform_} is serial too. On CCT's attention probabilities ({@code
 * [B, H, N, N]}, 4.2M elements at batch 16, 2 threads) an engine-drawn mask and its product took
 * 24 to 28 ms.
 *
 * <p>Here the mask is drawn in Java, one byte per element, then widened to the data's type by the
 * engine (one pass that also copies the bytes into libtorch's memory, see {@link
 * dev.vmodel.runtime.EngineArrays}). Each element takes its own point of a Weyl sequence, {@code
 * seed + i * 0x9e3779b9} mod 2^32, and is kept when the upper 31 bits of the point's hash
 * (MurmurHash3's 32-bit finaliser, a bijection) are below {@code keep * 2^31}. The seed is drawn
 * from the engine's generator, so runs stay reproducible under {@code Engine.setRandomSeed}, and
 * the points of one mask are distinct (it has fewer than 2^31 elements). The mask is drawn
 * {@value #CHUNK} elements at a time, four points a quarter-chunk apart filling the four bytes of
 * one {@code int}, in a loop of plain {@code int} arithmetic over arrays, which the JIT compiles
 * to vector instructions. CCT-7/3x1's attention at batch 16 (4.2M elements, 2 threads): a mask took
 * 8 ms drawn with {@code SplittableRandom} on every core, 1.9 to 2.6 ms this way, of which the
 * draw is 0.7 ms on one core; CCT-7/3x1 trained 1.10x faster at batch 16 and 1.07x at batch 64.
 */
public final class DropoutMask {

    /** Elements drawn at a time; a multiple of 4. */
    static final int CHUNK = 1 << 16;

    /** Ints per chunk: each holds the bytes of four elements a quarter-chunk apart in the sequence. */
    private static final int WORDS = CHUNK / 4;

    /** The Weyl sequence's increment, 2^32 / golden ratio (odd, so the sequence has period 2^32). */
    private static final int GAMMA = 0x9e3779b9;

    /**
     * {@code j * GAMMA} for each word {@code j} of a chunk: read, not computed from {@code j}, because
     * the JIT of Java 17 vectorizes a loop over arrays but not one that computes with its index.
     */
    private static final int[] WEYL = new int[WORDS];

    static {
        for (int j = 0; j < WORDS; j++) WEYL[j] = j * GAMMA;
    }

    private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

    private DropoutMask() {}

    /**
     * A mask of ones (kept) and zeros (dropped), not scaled by {@code 1 / keep}: callers fold that
     * scale into a smaller operand where they can.
     *
     * @param manager where the mask lives (e.g. the step's manager)
     * @param shape the mask's shape
     * @param dataType the mask's data type (the data's)
     * @param rate the probability of dropping an element, in {@code (0, 1)}
     * @return a constant mask (no gradient)
     */
    public static NDArray keep(NDManager manager, Shape shape, DataType dataType, float rate) {
        if (!(rate > 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in (0, 1), got " + rate);
        }
        long size = shape.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dropout mask of " + size + " elements is too large");
        }
        int seed;
        try (NDArray drawn = manager.randomInteger(0, Long.MAX_VALUE, new Shape(), DataType.INT64)) {
            long bits = drawn.getLong();
            seed = (int) (bits ^ (bits >>> 32));
        }
        ByteBuffer bits = scratch((int) size);
        drawKeepBytes(bits, 1.0 - rate, seed);
        // The wrapped bytes are the thread's scratch buffer; the widened copy is the engine's own,
        // made before the buffer can be written again.
        try (NDArray wrapped = manager.create(bits, shape, DataType.UINT8)) {
            return wrapped.toType(dataType, true);
        }
    }

    /**
     * The calling thread's scratch buffer, {@code size} bytes long. One buffer per thread, grown as
     * needed, not one per mask: a fresh direct buffer per call (4 MiB for CCT at batch 16, 7 per
     * step) would pile up outside the heap until the collector happened to run.
     */
    private static ByteBuffer scratch(int size) {
        ByteBuffer buffer = SCRATCH.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(size);
            SCRATCH.set(buffer);
        }
        return buffer.slice(0, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills {@code bits} with one byte per element, 1 with probability {@code keep}. */
    private static void drawKeepBytes(ByteBuffer bits, double keep, int seed) {
        int size = bits.capacity();
        // keep < 1, so the threshold fits in 31 bits.
        int threshold = (int) Math.floor(keep * 0x1p31);
        int[] words = new int[WORDS];
        IntBuffer asWords = bits.asIntBuffer(); // little-endian: byte k of word j is element 4j + k
        for (int from = 0; from < size; from += CHUNK) {
            drawChunk(words, seed + from * GAMMA, threshold);
            int n = Math.min(CHUNK, size - from);
            asWords.put(from / 4, words, 0, n / 4);
            for (int i = n & ~3; i < n; i++) bits.put(from + i, (byte) (words[i >> 2] >>> (8 * (i & 3))));
        }
    }

    /**
     * One chunk's words: byte {@code k} of word {@code j} is 1 when the point {@code k * WORDS + j}
     * of the chunk's stretch of the sequence, which starts at {@code start}, is kept. The words go
     * to an array of their own, indexed from 0: with an offset the JIT did not vectorize the loop.
     */
    private static void drawChunk(int[] words, int start, int threshold) {
        int[] weyl = WEYL;
        int s1 = start + WORDS * GAMMA;
        int s2 = start + 2 * WORDS * GAMMA;
        int s3 = start + 3 * WORDS * GAMMA;
        for (int j = 0; j < WORDS; j++) {
            int x = weyl[j];
            words[j] = kept(x + start, threshold)
                    | kept(x + s1, threshold) << 8
                    | kept(x + s2, threshold) << 16
                    | kept(x + s3, threshold) << 24;
        }
    }

    /** 1 when the upper 31 bits of the hash of {@code point} are below {@code threshold}, else 0. */
    private static int kept(int point, int threshold) {
        int h = point;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        // Both operands are below 2^31: the difference is negative, its sign bit 1, exactly when below.
        return ((h >>> 1) - threshold) >>> 31;
    }

    /**
     * Inverted dropout of {@code x}: each element kept with probability {@code 1 - rate} and scaled
     * by {@code 1 / (1 - rate)}, or zeroed; {@code x} itself when not training or {@code rate} is 0,
     * zeros when {@code rate} is 1 in training (as PyTorch's {@code nn.Dropout(1)}).
     *
     * @param x the data
     * @param rate the probability of dropping an element, in {@code [0, 1]}
     * @param training whether this is a training pass
     * @return {@code x} with dropout applied
     */
    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        if (rate == 1f) {
            return x.zerosLike();
        }
        NDArray mask = keep(x.getManager(), x.getShape(), x.getDataType(), rate);
        return x.mul(mask.muli(1f / (1f - rate)));
    }
}
