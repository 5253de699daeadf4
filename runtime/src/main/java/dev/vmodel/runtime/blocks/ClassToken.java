package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Prepends a learned class token: tokens {@code [B, N, D] -> [B, N + 1, D]}, with the token at
 * index 0.
 *
 * <p>PyTorch reference (ViT, CCT with {@code seq_pool=False}): {@code self.cls_token =
 * nn.Parameter(torch.zeros(1, 1, D))}; forward {@code torch.cat((self.cls_token.expand(B, -1, -1),
 * x), dim=1)}. Parameter {@code cls_token} of shape {@code [1, 1, D]} ({@code D} scalars, {@link
 * Parameter.Type#OTHER}); default initialiser zeros, as the ViT and CCT references (timm
 * re-initialises it with {@code normal(std=1e-6)}; pass that initialiser to match timm).
 */
public class ClassToken extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter token;

    /** Creates a class token initialised to zeros. */
    public ClassToken() {
        this(Initializer.ZEROS);
    }

    /**
     * Creates a class token with the given initialiser.
     *
     * @param initializer the initialiser of the {@code [1, 1, D]} token
     */
    public ClassToken(Initializer initializer) {
        super(VERSION);
        token = addParameter(Parameter.builder()
                .setName("cls_token")
                .setType(Parameter.Type.OTHER)
                .optInitializer(initializer)
                .build());
    }

    /**
     * Returns the {@code [1, 1, D]} parameter.
     *
     * @return the class-token parameter
     */
    public Parameter getToken() {
        return token;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = Shapes.requireTokens(inputShapes[0], "class token");
        token.setShape(new Shape(1, 1, s.get(2)));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = Shapes.requireTokens(x.getShape(), "class token");
        NDArray cls = parameterStore.getValue(token, x.getDevice(), training);
        NDArray expanded = Shapes.inScopeOf(cls.broadcast(new Shape(s.get(0), 1, s.get(2))), x);
        return new NDList(expanded.concat(x, 1));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = Shapes.requireTokens(inputShapes[0], "class token");
        return new Shape[] {new Shape(s.get(0), s.get(1) + 1, s.get(2))};
    }
}
