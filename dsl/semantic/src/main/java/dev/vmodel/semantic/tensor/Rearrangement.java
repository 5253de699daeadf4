package dev.vmodel.semantic.tensor;

import java.util.Arrays;

/**
 * How to carry out one einops rearrangement as three framework operations: reshape the input to
 * {@link #split()} (one axis per name or literal 1, in input order), transpose those axes by
 * {@link #permutation()} (names in output order, then the input's literal-1 axes, which are size 1
 * and so do not change the element order), and reshape to {@link #out()}.
 */
public record Rearrangement(long[] split, int[] permutation, long[] out) {

    public Rearrangement {
        split = split.clone();
        permutation = permutation.clone();
        out = out.clone();
    }

    @Override
    public long[] split() {
        return split.clone();
    }

    @Override
    public int[] permutation() {
        return permutation.clone();
    }

    @Override
    public long[] out() {
        return out.clone();
    }

    /** Whether the transpose is the identity, so that the whole rearrangement is one reshape. */
    public boolean isReshapeOnly() {
        for (int i = 0; i < permutation.length; i++) {
            if (permutation[i] != i) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rearrangement r
                && Arrays.equals(split, r.split)
                && Arrays.equals(permutation, r.permutation)
                && Arrays.equals(out, r.out);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(split) + Arrays.hashCode(permutation)) + Arrays.hashCode(out);
    }

    @Override
    public String toString() {
        return "Rearrangement[split=" + Arrays.toString(split) + ", permutation=" + Arrays.toString(permutation)
                + ", out=" + Arrays.toString(out) + "]";
    }
}
