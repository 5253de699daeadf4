package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.semantic.tensor.EinsumPattern;
import dev.vmodel.semantic.tensor.EinsumPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A two-operand einsum over the per-example axes, such as attention's {@code "h n d, h m d -> h n
 * m"}. DJL 0.36 has no einsum, so it is lowered, as {@link EinsumPlan} sorts the indices, to: sum
 * each operand's indices found nowhere else; transpose the first operand to {@code [batch...,
 * left..., contracted...]} and the second to {@code [batch..., contracted..., right...]}; merge
 * left, contracted and right each into one axis; one broadcasting matmul; split and transpose to
 * the output order. The batch axis and the einsum's batch indices are kept as separate axes, so
 * an operand with a batch axis of 1 (a weight, a const) broadcasts against the other's batch.
 *
 * <p>PyTorch reference: {@code torch.einsum("b" + ..., a, b)} with the batch axis as an extra
 * index (broadcast when 1). No parameters. Run it with {@link
 * dev.vmodel.runtime.flow.Flow#applyAll}, operands in pattern order.
 */
public class Einsum extends AbstractBlock {

    private static final byte VERSION = 1;

    private final EinsumPattern pattern;

    /**
     * Creates an einsum.
     *
     * @param pattern the pattern, such as {@code "h n d, h m d -> h n m"}
     * @throws dev.vmodel.semantic.tensor.PatternException if the pattern cannot be read
     */
    public Einsum(String pattern) {
        super(VERSION);
        this.pattern = EinsumPattern.parse(pattern);
    }

    /**
     * Returns the pattern.
     *
     * @return the pattern as written
     */
    public String getPattern() {
        return pattern.text();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkTwo(inputs.size());
        NDArray a = inputs.get(0);
        NDArray b = inputs.get(1);
        EinsumPlan plan = plan(a.getShape(), b.getShape());
        long batchSize = Math.max(a.getShape().get(0), b.getShape().get(0));

        List<String> order = new ArrayList<>(plan.batch());
        order.addAll(plan.left());
        order.addAll(plan.contracted());
        NDArray left = reshaped(
                arranged(a, pattern.first(), plan.summedA(), order),
                merged(a.getShape().get(0), plan, plan.left(), plan.contracted()));

        order = new ArrayList<>(plan.batch());
        order.addAll(plan.contracted());
        order.addAll(plan.right());
        NDArray right = reshaped(
                arranged(b, pattern.second(), plan.summedB(), order),
                merged(b.getShape().get(0), plan, plan.contracted(), plan.right()));

        List<String> produced = new ArrayList<>(plan.batch());
        produced.addAll(plan.left());
        produced.addAll(plan.right());
        long[] split = new long[produced.size() + 1];
        split[0] = batchSize;
        for (int i = 0; i < produced.size(); i++) split[i + 1] = plan.size(produced.get(i));
        NDArray out = reshaped(left.matMul(right), new Shape(split));
        return new NDList(permuted(out, produced, pattern.output()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkTwo(inputShapes.length);
        EinsumPlan plan = plan(inputShapes[0], inputShapes[1]);
        long[] out = plan.out();
        long[] full = new long[out.length + 1];
        full[0] = Math.max(inputShapes[0].get(0), inputShapes[1].get(0));
        System.arraycopy(out, 0, full, 1, out.length);
        return new Shape[] {new Shape(full)};
    }

    private void checkTwo(int inputs) {
        if (inputs != 2) {
            throw new IllegalArgumentException("einsum \"" + pattern + "\" takes two operands, got " + inputs);
        }
    }

    private EinsumPlan plan(Shape a, Shape b) {
        long na = a.get(0);
        long nb = b.get(0);
        if (na != nb && na != 1 && nb != 1) {
            throw new IllegalArgumentException(
                    "einsum \"" + pattern + "\" of " + a + " and " + b + ": batch " + na + " against batch " + nb);
        }
        return pattern.resolve(tail(a), tail(b));
    }

    private static long[] tail(Shape s) {
        return Arrays.copyOfRange(s.getShape(), 1, s.dimension());
    }

    /** {@code x} (indices {@code names}) with {@code summed} summed away and the rest in {@code order}. */
    private static NDArray arranged(NDArray x, List<String> names, List<String> summed, List<String> order) {
        List<String> kept = new ArrayList<>(names);
        if (!summed.isEmpty()) {
            int[] axes = summed.stream().mapToInt(n -> names.indexOf(n) + 1).toArray();
            x = x.sum(axes);
            kept.removeAll(summed);
        }
        return permuted(x, kept, order);
    }

    /** {@code x} (batch axis, then indices {@code from}) transposed to batch axis, then {@code to}. */
    private static NDArray permuted(NDArray x, List<String> from, List<String> to) {
        if (from.equals(to)) {
            return x;
        }
        int[] axes = new int[to.size() + 1];
        for (int i = 0; i < to.size(); i++) axes[i + 1] = from.indexOf(to.get(i)) + 1;
        return x.transpose(axes);
    }

    /** {@code x} as {@code shape}; {@code x} itself when it already has it (one index per merged axis). */
    private static NDArray reshaped(NDArray x, Shape shape) {
        return x.getShape().equals(shape) ? x : x.reshape(shape);
    }

    /** {@code [batch, batch indices..., product of first, product of second]}. */
    private static Shape merged(long batch, EinsumPlan plan, List<String> first, List<String> second) {
        long[] dims = new long[plan.batch().size() + 3];
        dims[0] = batch;
        for (int i = 0; i < plan.batch().size(); i++)
            dims[i + 1] = plan.size(plan.batch().get(i));
        dims[dims.length - 2] = plan.product(first);
        dims[dims.length - 1] = plan.product(second);
        return new Shape(dims);
    }
}
