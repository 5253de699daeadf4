package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.vmodel.runtime.init.Inits;

/**
 * A learned absolute position embedding added to tokens: {@code y = x + pos}, with {@code x} of
 * shape {@code [B, N, D]} and the parameter {@code pos_embedding} of shape {@code [1, N, D]}
 * ({@code N×D} scalars, {@link Parameter.Type#OTHER}, so type-wide initialiser overrides for
 * weights do not touch it).
 *
 * <p>PyTorch reference (CCT, ViT): {@code self.positional_emb = nn.Parameter(torch.zeros(1, N, D));
 * nn.init.trunc_normal_(self.positional_emb, std=0.2)}; forward {@code x += self.positional_emb}.
 * The default initialiser is {@link Inits#truncNormal(float)}, which cuts at ±2 absolute as PyTorch
 * does (not at ±2σ as DJL's {@code TruncatedNormalInitializer}). {@code N} and {@code D} are taken
 * from the input at initialisation. Output shape = input shape.
 */
public class LearnedPositionEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter embedding;

    /**
     * Creates a position embedding initialised as PyTorch's {@code trunc_normal_(std=std)}.
     *
     * @param std the standard deviation (CCT uses 0.2, ViT 0.02)
     */
    public LearnedPositionEmbedding(float std) {
        this(Inits.truncNormal(std));
    }

    /**
     * Creates a position embedding with the given initialiser.
     *
     * @param initializer the initialiser of the {@code [1, N, D]} table
     */
    public LearnedPositionEmbedding(Initializer initializer) {
        super(VERSION);
        embedding = addParameter(Parameter.builder()
                .setName("pos_embedding")
                .setType(Parameter.Type.OTHER)
                .optInitializer(initializer)
                .build());
    }

    /**
     * Returns the {@code [1, N, D]} parameter.
     *
     * @return the embedding parameter
     */
    public Parameter getEmbedding() {
        return embedding;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = Shapes.requireTokens(inputShapes[0], "learned position embedding");
        embedding.setShape(new Shape(1, s.get(1), s.get(2)));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shapes.requireTokens(x.getShape(), "learned position embedding");
        NDArray pos = parameterStore.getValue(embedding, x.getDevice(), training);
        if (!pos.getShape().slice(1).equals(x.getShape().slice(1))) {
            throw new IllegalArgumentException(
                    "position embedding is " + pos.getShape() + " but tokens are " + x.getShape());
        }
        return new NDList(x.add(pos));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
