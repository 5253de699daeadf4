package dev.vmodel.runtime.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward passes must not leave arrays in the model's manager: after initialisation it holds
 * exactly the parameter arrays, and training and inference passes in a step manager add none.
 */
class ScopeTest {

    static Stream<Arguments> blocks() {
        Shape tokens = new Shape(2, 4, 6);
        Shape image = new Shape(2, 6, 2, 2);
        return Stream.of(
                of("layer norm", LastAxisLayerNorm::new, tokens),
                of("layer norm, no affine", () -> new LastAxisLayerNorm(1e-6f, false), tokens),
                of("drop path", () -> new DropPath(0.5f), tokens),
                of("sequence pooling", SequencePooling::new, tokens),
                of("token pooling", TokenPooling::max, image),
                of("learned position", () -> new LearnedPositionEmbedding(0.02f), tokens),
                of("sinusoidal position", SinusoidalPositionEmbedding::new, tokens),
                of("class token", ClassToken::new, tokens),
                of("image to tokens", ImageToTokens::new, image),
                of("tokens to grid", () -> new TokensToGrid(2, 2), tokens),
                of(
                        "average pooling, padding left out",
                        () -> AvgPool2d.builder()
                                .setKernel(3)
                                .optStride(1)
                                .optPadding(1)
                                .optCountPadding(false)
                                .build(),
                        image),
                of(
                        "attention",
                        () -> MultiHeadSelfAttention.builder()
                                .setDim(6)
                                .setHeads(2)
                                .optAttentionDropout(0.1f)
                                .build(),
                        tokens),
                of("scale, tokens", () -> new Scale(0.1f), tokens),
                of("scale, image", () -> new Scale(0.1f), image),
                of("affine, image", Affine::new, image),
                of("group norm", () -> new GroupNorm(3), image),
                of("flow block", () -> new dev.vmodel.runtime.flow.FlowBlockTest.SpatialGating(4), new Shape(2, 4, 8)));
    }

    private static Arguments of(String name, Supplier<Block> block, Shape... shapes) {
        return Arguments.of(name, block, shapes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void forwardLeavesNothingInTheModelManager(String name, Supplier<Block> factory, Shape[] shapes) {
        try (NDManager model = Engines.newBaseManager()) {
            Block block = factory.get();
            block.initialize(model, DataType.FLOAT32, shapes);
            int params = block.getParameters().size();
            assertEquals(params, model.getManagedArrays().size(), "after initialisation");
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager step = Engines.newBaseManager()) {
                    NDList in = new NDList();
                    for (Shape s : shapes) {
                        in.add(step.randomNormal(s));
                    }
                    block.forward(new ParameterStore(step, false), in, training);
                }
                assertEquals(params, model.getManagedArrays().size(), "training=" + training);
            }
        }
    }
}
