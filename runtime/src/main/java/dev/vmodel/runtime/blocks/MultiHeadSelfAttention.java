package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.EngineArrays;

/**
 * Multi-head scaled dot-product self-attention on tokens {@code [B, N, D] -> [B, N, D]}, as timm's
 * {@code Attention} and CCT's {@code Attention} modules.
 *
 * <p>With {@code H} heads and head width {@code d = D / H}:
 *
 * <pre>
 * q, k, v = split(qkv(x).reshape(B, N, 3, H, d).permute(2, 0, 3, 1, 4))   // each [B, H, N, d]
 * a = attn_drop(softmax(q @ k^T * d^-0.5, over the last axis))            // [B, H, N, N]
 * y = proj_drop(proj((a @ v).transpose(1, 2).reshape(B, N, D)))
 * </pre>
 *
 * <p>Children: {@code qkv} = DJL {@link Linear}(D → 3D, bias iff {@code qkvBias}), {@code proj} =
 * {@link Linear}(D → D, bias iff {@code projBias}), and the parameter-free {@link Dropout}s {@code
 * attn_drop}, {@code proj_drop}. Parameters: {@code 3D² (+3D) + D² (+D)}. The qkv weight rows are
 * ordered as PyTorch's: all query features (head-major), then keys, then values.
 *
 * <p>The forward pass computes the same function with less work on the {@code [B, H, N, N]}
 * scores, the largest tensors of the block: the scale {@code d^-0.5} multiplies {@code q} ({@code
 * N x d} per head) rather than the scores ({@code N x N}), and in training the attention dropout
 * multiplies the probabilities by a 0/1 {@link DropoutMask} while its {@code 1 / keep} scale goes
 * onto {@code v}, so the {@code attn_drop} child (no parameters) gives its rate but is not called.
 *
 * <p>DJL's {@code ScaledDotProductAttentionBlock} is not used: it always has biases on four
 * separate projections ({@code 4D² + 4D} parameters), so cannot express CCT's bias-free qkv.
 */
public class MultiHeadSelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;
    /**
     * The most bytes of attention logits computed at once, unless the builder says otherwise: a
     * quarter of the last-level cache here. Smaller runs keep the logits in a core's share of it
     * but make more, smaller products, and in training their backward concatenates q's, k's and
     * v's gradients from more pieces: A/B in one JVM against 2 MiB, 2 threads, CCT-7/3x1 trained
     * 1.06x faster at batch 16 and 1.07x at batch 64 (16 MiB: 1.03x; a batch 16's whole 16 MiB at
     * once: 1.04x), inference the same. {@code -Dvmodel.attentionChunkBytes} tunes it for another
     * machine.
     */
    private static final long DEFAULT_CHUNK_BYTES = Long.getLong("vmodel.attentionChunkBytes", 8L << 20);

    private final long dim;
    private final int heads;
    private final boolean qkvBias;
    private final boolean projBias;
    private final Linear qkv;
    private final Linear proj;
    private final Dropout attnDrop;
    private final Dropout projDrop;
    private final long chunkBytes;

    MultiHeadSelfAttention(Builder builder) {
        super(VERSION);
        this.dim = builder.dim;
        this.heads = builder.heads;
        this.qkvBias = builder.qkvBias;
        this.projBias = builder.projBias;
        this.chunkBytes = builder.chunkBytes;
        qkv = addChildBlock(
                "qkv", Linear.builder().setUnits(3 * dim).optBias(qkvBias).build());
        attnDrop = addChildBlock("attn_drop", new Dropout(builder.attnDrop));
        proj = addChildBlock(
                "proj", Linear.builder().setUnits(dim).optBias(projBias).build());
        projDrop = addChildBlock("proj_drop", new Dropout(builder.projDrop));
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the fused query/key/value projection {@code Linear(D -> 3D)}.
     *
     * @return the qkv child
     */
    public Linear getQkv() {
        return qkv;
    }

    /**
     * Returns the output projection {@code Linear(D -> D)}.
     *
     * @return the proj child
     */
    public Linear getProj() {
        return proj;
    }

    /**
     * Returns the embedding width {@code D}.
     *
     * @return the width
     */
    public long getDim() {
        return dim;
    }

    /**
     * Returns the number of heads.
     *
     * @return {@code H}
     */
    public int getHeads() {
        return heads;
    }

    /**
     * Returns the number of scalar parameters for the given configuration: {@code 3D² (+3D) + D²
     * (+D)}.
     *
     * @param dim the width {@code D}
     * @param qkvBias whether the qkv projection has a bias
     * @param projBias whether the output projection has a bias
     * @return the parameter count
     */
    public static long parameterCount(long dim, boolean qkvBias, boolean projBias) {
        return 3 * dim * dim + (qkvBias ? 3 * dim : 0) + dim * dim + (projBias ? dim : 0);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = check(inputShapes[0]);
        qkv.initialize(manager, dataType, s);
        Shape attn = new Shape(s.get(0), heads, s.get(1), s.get(1));
        attnDrop.initialize(manager, dataType, attn);
        proj.initialize(manager, dataType, s);
        projDrop.initialize(manager, dataType, s);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = check(x.getShape());
        long b = s.get(0);
        long n = s.get(1);
        long headDim = dim / heads;
        NDArray t = qkv.forward(parameterStore, inputs, training, params).singletonOrThrow();
        // Split, not select: the backward of three selects zero-fills and adds three arrays the
        // size of qkv(x); the backward of one split concatenates the three gradients once, and
        // along axis 2 of [B, N, 3, H, d] it lands in qkv(x)'s own layout.
        NDList qkvParts = t.reshape(b, n, 3, heads, headDim).split(3, 2); // each [B, N, 1, H, d]
        NDArray q = EngineArrays.times(qkvParts.get(0).squeeze(2).transpose(0, 2, 1, 3), 1.0 / Math.sqrt(headDim));
        NDArray k = qkvParts.get(1).squeeze(2).transpose(0, 2, 1, 3); // [B, H, N, d]
        NDArray v = qkvParts.get(2).squeeze(2).transpose(0, 2, 1, 3);
        NDArray y = attendInChunks(q, k, v, training).transpose(0, 2, 1, 3).reshape(b, n, dim);
        y = proj.forward(parameterStore, new NDList(y), training).singletonOrThrow();
        return projDrop.forward(parameterStore, new NDList(y), training);
    }

    /**
     * {@code softmax(q k^T) v} a few images at a time, {@code [B, H, N, d]}. The logits
     * {@code [B, H, N, N]} of a whole batch outgrow the cache (64 MiB for CCT-7/3x1 at batch 64),
     * so the softmax, the dropout and the second matmul would each stream them through memory;
     * chunks of at most {@code chunkBytes} of logits are still in cache when the next op reads
     * them. Measured on CCT-7/3x1 at batch 64, one thread, against the whole batch at once:
     * inference 1.2 to 1.5 times, training 1.2 to 1.5 times faster. The default size is
     * {@link #DEFAULT_CHUNK_BYTES}'s.
     */
    private NDArray attendInChunks(NDArray q, NDArray k, NDArray v, boolean training) {
        Shape s = q.getShape();
        long logitsPerImage = s.get(1) * s.get(2) * s.get(2) * Float.BYTES;
        long chunk = Math.max(1, chunkBytes / logitsPerImage);
        NDList qs = BatchChunks.split(q, chunk);
        if (qs.size() == 1) {
            return attend(q, k, v, training);
        }
        NDList ks = BatchChunks.split(k, chunk);
        NDList vs = BatchChunks.split(v, chunk);
        NDList parts = new NDList(qs.size());
        for (int i = 0; i < qs.size(); i++) parts.add(attend(qs.get(i), ks.get(i), vs.get(i), training));
        return NDArrays.concat(parts, 0);
    }

    /** {@code softmax(q k^T) v}, with attention dropout in training. */
    private NDArray attend(NDArray q, NDArray k, NDArray v, boolean training) {
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
        float rate = attnDrop.getRate();
        if (training && rate > 0f) {
            attn = attn.mul(DropoutMask.keep(attn.getManager(), attn.getShape(), attn.getDataType(), rate));
            v = EngineArrays.times(v, 1f / (1f - rate));
        }
        return attn.matMul(v);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {check(inputShapes[0])};
    }

    private Shape check(Shape s) {
        Shapes.requireTokens(s, "self-attention");
        if (s.get(2) != dim) {
            throw new IllegalArgumentException("self-attention of width " + dim + " got tokens " + s);
        }
        return s;
    }

    /** Builder: {@code setDim} and {@code setHeads} are required, the rest optional. */
    public static final class Builder {
        private long dim;
        private int heads;
        private boolean qkvBias = true;
        private boolean projBias = true;
        private float attnDrop;
        private float projDrop;
        private long chunkBytes = DEFAULT_CHUNK_BYTES;

        Builder() {}

        /**
         * Sets the embedding width {@code D} (required).
         *
         * @param dim the width
         * @return this builder
         */
        public Builder setDim(long dim) {
            this.dim = dim;
            return this;
        }

        /**
         * Sets the number of heads {@code H} (required, must divide {@code D}).
         *
         * @param heads the number of heads
         * @return this builder
         */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Sets whether the qkv projection has a bias (default true, as timm's {@code
         * qkv_bias=True}; CCT uses false).
         *
         * @param qkvBias whether to learn a qkv bias
         * @return this builder
         */
        public Builder optQkvBias(boolean qkvBias) {
            this.qkvBias = qkvBias;
            return this;
        }

        /**
         * Sets whether the output projection has a bias (default true).
         *
         * @param projBias whether to learn an output bias
         * @return this builder
         */
        public Builder optProjBias(boolean projBias) {
            this.projBias = projBias;
            return this;
        }

        /**
         * Sets the dropout rate on the attention probabilities (default 0).
         *
         * @param rate the rate in {@code [0, 1)}
         * @return this builder
         */
        public Builder optAttentionDropout(float rate) {
            this.attnDrop = rate;
            return this;
        }

        /**
         * Sets the dropout rate after the output projection (default 0).
         *
         * @param rate the rate in {@code [0, 1)}
         * @return this builder
         */
        public Builder optProjectionDropout(float rate) {
            this.projDrop = rate;
            return this;
        }

        /**
         * Sets the most bytes of attention logits computed at once (default 8 MiB, or
         * {@code -Dvmodel.attentionChunkBytes}): larger batches are attended a few images at a
         * time, which gives the same result with the logits still in cache.
         *
         * @param bytes a positive number of bytes
         * @return this builder
         */
        public Builder optChunkBytes(long bytes) {
            this.chunkBytes = bytes;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new self-attention block
         * @throws IllegalArgumentException if the width or heads are missing or heads do not divide
         *     the width
         */
        public MultiHeadSelfAttention build() {
            if (dim <= 0) {
                throw new IllegalArgumentException("self-attention width must be positive");
            }
            if (heads <= 0) {
                throw new IllegalArgumentException("number of heads must be positive");
            }
            if (dim % heads != 0) {
                throw new IllegalArgumentException("heads (" + heads + ") must divide the width (" + dim + ")");
            }
            checkRate(attnDrop);
            checkRate(projDrop);
            if (chunkBytes <= 0) {
                throw new IllegalArgumentException("attention chunk size must be positive, got " + chunkBytes);
            }
            return new MultiHeadSelfAttention(this);
        }

        private static void checkRate(float rate) {
            if (!(rate >= 0f && rate < 1f)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }
    }
}
