package dev.vmodel.runtime.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.BlockTesting;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.blocks.ConstTable;
import dev.vmodel.runtime.blocks.Einsum;
import dev.vmodel.runtime.blocks.Rearrange;
import dev.vmodel.runtime.blocks.Take;
import dev.vmodel.runtime.blocks.Weight;
import dev.vmodel.runtime.init.Inits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sources and multi-input blocks in a block's flow: Swin's attention scores with relative position bias. */
class SourceFlowTest {

    /** {@code x x^T} per head plus a learned bias per head and relative position (2x2 windows). */
    static final class BiasedScores extends FlowBlock {
        final Weight table;
        final ConstTable index;
        final Take take;
        final Rearrange headsFirst;
        final Einsum scores;

        BiasedScores() {
            super((byte) 1);
            table = addChildBlock("table", new Weight(Inits.truncNormal(0.02f), 9, 2));
            index = addChildBlock(
                    "index",
                    new ConstTable(
                            new long[] {4, 4},
                            at -> (at[0] / 2 - at[1] / 2 + 1) * 3 + (at[0] % 2 - at[1] % 2 + 1),
                            DataType.INT64));
            take = addChildBlock("take", new Take());
            headsFirst = addChildBlock("headsFirst", new Rearrange("n m h -> h n m"));
            scores = addChildBlock("scores", new Einsum("h n d, h m d -> h n m"));
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            T s = f.applyAll(scores, List.of(x, x));
            T bias = f.apply(headsFirst, f.applyAll(take, List.of(f.source(table), f.source(index))));
            return f.add(s, bias);
        }
    }

    @Test
    void initialisesShapesAndComputesScoresPlusTheBias() {
        try (NDManager m = Engines.newBaseManager()) {
            BiasedScores block = new BiasedScores();
            Shape in = new Shape(2, 2, 4, 3);
            block.initialize(m, DataType.FLOAT32, in);
            assertEquals(18, BlockTesting.paramCount(block));
            assertArrayEquals(new Shape[] {new Shape(2, 2, 4, 4)}, block.getOutputShapes(new Shape[] {in}));
            float[] t = BlockTesting.values(18, 1f);
            BlockTesting.set(block.table.getWeight(), t);

            NDArray x = BlockTesting.input(m, 2, 2, 4, 3);
            float[] xv = x.toFloatArray();
            float[] y = BlockTesting.forward(block, m, x).toFloatArray();
            for (int b = 0; b < 2; b++)
                for (int h = 0; h < 2; h++)
                    for (int i = 0; i < 4; i++)
                        for (int j = 0; j < 4; j++) {
                            float dot = 0;
                            for (int d = 0; d < 3; d++) {
                                dot += xv[((b * 2 + h) * 4 + i) * 3 + d] * xv[((b * 2 + h) * 4 + j) * 3 + d];
                            }
                            int row = (i / 2 - j / 2 + 1) * 3 + (i % 2 - j % 2 + 1);
                            float expected = dot + t[row * 2 + h];
                            assertEquals(
                                    expected, y[((b * 2 + h) * 4 + i) * 4 + j], 1e-5f, b + "," + h + "," + i + "," + j);
                        }
            BlockTesting.assertGradients(block, m, x);
        }
    }

    @Test
    void survivesSaveAndLoad() throws Exception {
        try (NDManager m = Engines.newBaseManager()) {
            BiasedScores trained = new BiasedScores();
            trained.initialize(m, DataType.FLOAT32, new Shape(1, 2, 4, 3));
            BlockTesting.set(trained.table.getWeight(), BlockTesting.values(18, 1f));
            BlockTesting.assertSaveLoad(trained, BiasedScores::new, m, BlockTesting.input(m, 1, 2, 4, 3));
        }
    }

    @Test
    void aScopedPassLeavesNothingInTheModelManagerEvenWhenTheStoreIsLongLived() {
        try (NDManager model = Engines.newBaseManager()) {
            BiasedScores block = new BiasedScores();
            block.initialize(model, DataType.FLOAT32, new Shape(2, 2, 4, 3));
            int params = model.getManagedArrays().size();
            assertEquals(1, params);
            // A trainer's parameter store lives in its long-lived manager, as here.
            ParameterStore store = new ParameterStore(model, false);
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager step = model.newSubManager()) {
                    NDList x = new NDList(step.randomNormal(new Shape(2, 2, 4, 3)));
                    NDArray y = block.flow(Flow.forward(store, training, null, step), x)
                            .singletonOrThrow();
                    assertEquals(new Shape(2, 2, 4, 4), y.getShape());
                }
                assertEquals(params, model.getManagedArrays().size(), "training=" + training);
            }
        }
    }
}
