package dev.vmodel.runtime.flow;

import static dev.vmodel.runtime.BlockTesting.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.vmodel.runtime.BlockTesting;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.blocks.Axis;
import dev.vmodel.runtime.flow.FlowBlockTest.SpatialGating;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A linear computed in channel parts ({@link Flow#applyInParts}) computes what the one product and
 * the split after it compute: the same output, the same gradients for every parameter and the
 * input, the same recorded layer outputs.
 */
class ChannelPartsTest {
    static final Shape INPUT = new Shape(2, 3, 5);

    /** gMLP's {@code linear(8) -> gelu -> SpatialGating}, with the linear in parts or not. */
    static final class GatedMlp extends FlowBlock {
        final Linear fc;
        final Block gelu;
        final SpatialGating gate;
        final boolean inParts;

        GatedMlp(boolean inParts) {
            super((byte) 1);
            this.inParts = inParts;
            fc = addChildBlock("fc", Linear.builder().setUnits(8).build());
            gelu = addChildBlock("gelu", Activation.geluBlock());
            gate = addChildBlock("gate", new SpatialGating(INPUT.get(1)));
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            T h = inParts ? f.applyInParts(fc, x, 2) : f.apply(fc, x);
            h = f.apply(gelu, h);
            return f.apply(gate, h);
        }
    }

    /** Output, input gradient and parameter gradients of a training pass, loss sum(out * r). */
    private static Map<String, float[]> trainingPass(GatedMlp block, NDManager m) {
        Map<String, float[]> result = new java.util.TreeMap<>();
        try (NDManager scope = m.newSubManager()) {
            NDArray x = input(scope, 2, 3, 5);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(scope, false), new NDList(x), true)
                        .singletonOrThrow();
                result.put("output", out.toFloatArray());
                NDArray r = input(scope, out.getShape().getShape()).mul(3).cos();
                gc.backward(out.mul(r).sum());
            }
            result.put("input gradient", x.getGradient().toFloatArray());
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                assertNotNull(g, p.getKey());
                result.put(p.getKey() + " gradient", g.toFloatArray());
            }
        }
        return result;
    }

    private static GatedMlp initialised(boolean inParts, NDManager m) {
        GatedMlp block = BlockTesting.init(new GatedMlp(inParts), m, INPUT);
        int seed = 1;
        for (Pair<String, Parameter> p : block.getParameters()) {
            BlockTesting.set(
                    p.getValue(),
                    BlockTesting.values((int) p.getValue().getShape().size(), 0.5f + seed++));
        }
        return block;
    }

    @Test
    void sameOutputAndGradientsAsOneProductSplitAfterwards() {
        try (NDManager m = Engines.newBaseManager()) {
            Map<String, float[]> plain = trainingPass(initialised(false, m), m);
            Map<String, float[]> parts = trainingPass(initialised(true, m), m);
            assertEquals(plain.keySet(), parts.keySet());
            assertEquals(8, plain.size(), "output, input and 6 parameters: " + plain.keySet());
            for (String k : plain.keySet()) {
                BlockTesting.assertSameUpToRounding(plain.get(k), parts.get(k), 1e-5, k);
            }
        }
    }

    @Test
    void theSplittingBlockGetsThePartsAsComputed() {
        try (NDManager m = Engines.newBaseManager()) {
            GatedMlp block = initialised(true, m);
            NDArray x = input(m, 2, 3, 5);
            Flow<NDList> f = Flow.forward(new ParameterStore(m, false), false, null, m);
            NDList h = f.applyInParts(block.fc, new NDList(x), 2);

            ChannelParts parts = assertInstanceOf(ChannelParts.class, h);
            assertEquals(List.of(new Shape(2, 3, 4), new Shape(2, 3, 4)), List.of(parts.getShapes()));
            List<NDList> split = f.splitEqual(h, Axis.CHANNELS, 2);
            assertSame(parts.get(0), split.get(0).singletonOrThrow());
            assertSame(parts.get(1), split.get(1).singletonOrThrow());
            // Read as one array, the parts are the linear's whole output.
            NDArray whole = f.apply(block.fc, new NDList(x)).singletonOrThrow();
            assertArrayEquals(whole.toFloatArray(), h.singletonOrThrow().toFloatArray(), 1e-6f);
            // An element-wise layer applies to each part.
            NDList activated = f.apply(block.gelu, h);
            assertInstanceOf(ChannelParts.class, activated);
            assertArrayEquals(
                    Activation.gelu(whole).toFloatArray(),
                    activated.singletonOrThrow().toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void recordedLayerOutputsSeeTheLinearWhole() {
        try (NDManager m = Engines.newBaseManager()) {
            NDArray x = input(m, 2, 3, 5);
            Map<String, NDArray> plain = record(initialised(false, m), m, x);
            Map<String, NDArray> parts = record(initialised(true, m), m, x);
            assertEquals(plain.keySet(), parts.keySet());
            assertEquals(List.of("fc", "gelu", "gate.norm", "gate.spatial", "gate"), List.copyOf(plain.keySet()));
            for (String k : plain.keySet()) {
                assertEquals(plain.get(k).getShape(), parts.get(k).getShape(), k);
                BlockTesting.assertSameUpToRounding(
                        plain.get(k).toFloatArray(), parts.get(k).toFloatArray(), 1e-5, k);
            }
        }
    }

    private static Map<String, NDArray> record(GatedMlp block, NDManager m, NDArray x) {
        return LayerOutputs.record(block, () -> block.forward(new ParameterStore(m, false), new NDList(x), false))
                .outputs();
    }

    @Test
    void shapesAndInitialisationApplyTheLinearAsItIs() {
        try (NDManager m = Engines.newBaseManager()) {
            GatedMlp block = initialised(true, m);
            assertArrayEquals(new Shape[] {new Shape(2, 3, 4)}, block.getOutputShapes(new Shape[] {INPUT}));
            assertArrayEquals(
                    new Shape[] {new Shape(2, 3, 8)}, Flow.shapes().applyInParts(block.fc, new Shape[] {INPUT}, 2));
        }
    }
}
