package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.semantic.tensor.EinopsPattern;
import dev.vmodel.semantic.tensor.Rearrangement;
import java.util.Arrays;
import java.util.Map;

/**
 * An einops rearrangement of the per-example axes, such as {@code "(h wh) (w ww) c -> (h w) (wh
 * ww) c"} (Swin's window partition): reshape to one axis per name, transpose, reshape. The batch
 * axis is kept first and never touched. The pattern is read, and checked against each input
 * shape, by {@link EinopsPattern}, the same code that checks the spec.
 *
 * <p>PyTorch reference: {@code einops.rearrange(x, "b " + pattern_in + " -> b " + pattern_out,
 * **sizes)}. No parameters.
 */
public class Rearrange extends AbstractBlock {

    private static final byte VERSION = 1;

    private final EinopsPattern pattern;
    private final Map<String, Long> sizes;
    private volatile Planned last;

    /** The plan for one input shape, kept because a block sees the same shape pass after pass. */
    private record Planned(Shape in, Rearrangement plan) {}

    /**
     * Creates a rearrangement whose sizes all follow from the input shape.
     *
     * @param pattern the einops pattern over the per-example axes
     * @throws dev.vmodel.semantic.tensor.PatternException if the pattern cannot be read
     */
    public Rearrange(String pattern) {
        this(pattern, Map.of());
    }

    /**
     * Creates a rearrangement.
     *
     * @param pattern the einops pattern over the per-example axes
     * @param sizes the sizes of some names, enough to leave at most one unknown per input group
     * @throws dev.vmodel.semantic.tensor.PatternException if the pattern cannot be read
     */
    public Rearrange(String pattern, Map<String, Long> sizes) {
        super(VERSION);
        this.pattern = EinopsPattern.parse(pattern);
        this.sizes = Map.copyOf(sizes);
    }

    /**
     * Returns the pattern.
     *
     * @return the pattern as written
     */
    public String getPattern() {
        return pattern.text();
    }

    /**
     * Returns the given sizes.
     *
     * @return the sizes by name
     */
    public Map<String, Long> getSizes() {
        return sizes;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        Rearrangement r = plan(x.getShape());
        if (r.isReshapeOnly()) {
            return new NDList(x.reshape(withBatch(batch, r.out())));
        }
        Shape split = withBatch(batch, r.split());
        NDArray parts = x.getShape().equals(split) ? x : x.reshape(split);
        NDArray moved = parts.transpose(withBatch(r.permutation()));
        Shape out = withBatch(batch, r.out());
        return new NDList(moved.getShape().equals(out) ? moved : moved.reshape(out));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {withBatch(in.get(0), plan(in).out())};
    }

    private Rearrangement plan(Shape in) {
        if (in.dimension() < 2) {
            throw new IllegalArgumentException(
                    "rearrange \"" + pattern + "\" needs an axis after the batch axis; got " + in);
        }
        return pattern.rearrange(Arrays.copyOfRange(in.getShape(), 1, in.dimension()), sizes);
    }

    private static Shape withBatch(long batch, long[] dims) {
        long[] full = new long[dims.length + 1];
        full[0] = batch;
        System.arraycopy(dims, 0, full, 1, dims.length);
        return new Shape(full);
    }

    private static int[] withBatch(int[] permutation) {
        int[] full = new int[permutation.length + 1];
        for (int i = 0; i < permutation.length; i++) full[i + 1] = permutation[i] + 1;
        return full;
    }
}
