package dev.vmodel.semantic.model;

/**
 * What a node costs: trainable parameters, multiply-accumulates of its matmuls and convolutions for
 * one example, and separately the MACs of the attention products (QK^T and AV), so that both
 * conventions in the literature (with and without them) can be quoted.
 */
public record Cost(long params, long macs, long attentionMacs) {
    public static final Cost ZERO = new Cost(0, 0, 0);

    public static Cost params(long params) {
        return new Cost(params, 0, 0);
    }

    public Cost plus(Cost o) {
        return new Cost(
                Math.addExact(params, o.params),
                Math.addExact(macs, o.macs),
                Math.addExact(attentionMacs, o.attentionMacs));
    }

    /** MACs including the attention products. */
    public long totalMacs() {
        return Math.addExact(macs, attentionMacs);
    }
}
