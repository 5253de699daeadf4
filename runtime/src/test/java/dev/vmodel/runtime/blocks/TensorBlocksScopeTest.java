package dev.vmodel.runtime.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.init.Inits;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * As {@link ScopeTest}, for the general tensor blocks: with a parameter store over the step's
 * manager, a forward pass leaves nothing in the model's manager, sources included.
 */
class TensorBlocksScopeTest {

    static Stream<Arguments> blocks() {
        Shape t = new Shape(2, 4, 6);
        return Stream.of(
                Arguments.of(
                        "rearrange",
                        (Supplier<Block>) () -> new Rearrange("n (h d) -> h n d", Map.of("h", 2L)),
                        new Shape[] {t}),
                Arguments.of("roll", (Supplier<Block>) () -> new Roll(1, 0), new Shape[] {t}),
                Arguments.of(
                        "slice",
                        (Supplier<Block>) () -> Slice.builder().setStart(1).build(),
                        new Shape[] {t}),
                Arguments.of("l2norm", (Supplier<Block>) L2Norm::new, new Shape[] {t}),
                Arguments.of("hard swish", (Supplier<Block>) HardSwish::new, new Shape[] {t}),
                Arguments.of("times", (Supplier<Block>) () -> new Times(2f), new Shape[] {t}),
                Arguments.of("weight", (Supplier<Block>) () -> new Weight(Inits.zeros(), 3, 2), new Shape[0]),
                Arguments.of(
                        "const", (Supplier<Block>) () -> new ConstTable(new long[] {3}, at -> at[0]), new Shape[0]),
                Arguments.of("einsum", (Supplier<Block>) () -> new Einsum("n c, m c -> n m"), new Shape[] {
                    t, new Shape(1, 5, 6)
                }));
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
                    for (Shape s : shapes) in.add(step.randomNormal(s));
                    block.forward(new ParameterStore(step, false), in, training);
                }
                assertEquals(params, model.getManagedArrays().size(), "training=" + training);
            }
        }
    }
}
