package dev.vmodel.semantic.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One two-operand einsum resolved against per-example shapes, with its indices sorted into the
 * classes a lowering to permute, reshape and batched matmul needs:
 *
 * <ul>
 *   <li>{@link #batch()}: in both operands and the output (the matmul's batch axes);
 *   <li>{@link #left()}: in the first operand and the output only (the matmul's rows);
 *   <li>{@link #right()}: in the second operand and the output only (the matmul's columns);
 *   <li>{@link #contracted()}: in both operands, not the output (the matmul's inner axis);
 *   <li>{@link #summedA()}, {@link #summedB()}: in one operand only and not the output, summed
 *       over in that operand before the matmul.
 * </ul>
 *
 * batch, left and right are listed in output order; contracted and the summed indices in the order
 * of the first (for summedB, the second) operand.
 *
 * @param sizes the size of every index
 * @param out the output's per-example shape
 * @param macs multiply-accumulates per example: the product of every index's size
 */
public record EinsumPlan(
        Map<String, Long> sizes,
        long[] out,
        long macs,
        List<String> batch,
        List<String> left,
        List<String> right,
        List<String> contracted,
        List<String> summedA,
        List<String> summedB) {

    public EinsumPlan {
        sizes = Map.copyOf(sizes);
        out = out.clone();
        batch = List.copyOf(batch);
        left = List.copyOf(left);
        right = List.copyOf(right);
        contracted = List.copyOf(contracted);
        summedA = List.copyOf(summedA);
        summedB = List.copyOf(summedB);
    }

    @Override
    public long[] out() {
        return out.clone();
    }

    /** The size of one index. */
    public long size(String index) {
        Long s = sizes.get(index);
        if (s == null) throw new IllegalArgumentException("no index '" + index + "' in this einsum " + sizes.keySet());
        return s;
    }

    /** The product of the sizes of {@code indices} (1 for none). */
    public long product(List<String> indices) {
        long p = 1;
        for (String i : indices) p = Math.multiplyExact(p, size(i));
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EinsumPlan p
                && sizes.equals(p.sizes)
                && Arrays.equals(out, p.out)
                && macs == p.macs
                && batch.equals(p.batch)
                && left.equals(p.left)
                && right.equals(p.right)
                && contracted.equals(p.contracted)
                && summedA.equals(p.summedA)
                && summedB.equals(p.summedB);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(out) * 31
                + List.of(sizes, batch, left, right, contracted, summedA, summedB)
                        .hashCode();
    }

    @Override
    public String toString() {
        return "EinsumPlan[out=" + Arrays.toString(out) + ", macs=" + macs + ", batch=" + batch + ", left=" + left
                + ", right=" + right + ", contracted=" + contracted + ", summedA=" + summedA + ", summedB="
                + summedB + "]";
    }
}
