package dev.vmodel.runtime.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.BlockTesting;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.blocks.Axis;
import dev.vmodel.runtime.blocks.Dropout;
import dev.vmodel.runtime.blocks.LastAxisLayerNorm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A block written once over {@link Flow}: forward, output shapes and initialisation agree. */
public class FlowBlockTest {

    /** gMLP's spatial gating unit, written the way the generator writes blocks. */
    public static final class SpatialGating extends FlowBlock {
        final LastAxisLayerNorm norm;
        final Linear spatial;

        public SpatialGating(long tokens) {
            super((byte) 1);
            norm = addChildBlock("norm", new LastAxisLayerNorm());
            spatial = addChildBlock("spatial", Linear.builder().setUnits(tokens).build());
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            List<T> parts = f.splitEqual(x, Axis.CHANNELS, 2);
            T u = parts.get(0);
            T v = f.apply(norm, parts.get(1));
            T mixed = f.apply(spatial, f.transposeTokens(v));
            return f.multiply(u, f.transposeTokens(mixed));
        }
    }

    /** A two-layer perceptron over the last axis, as the generator writes the zoo's {@code Mlp}. */
    static final class TwoLayerMlp extends FlowBlock {
        final Linear fc1;
        final Block act;
        final Dropout drop;
        final Block between;
        final Linear fc2;

        /** @param between a layer after the dropout; identity for the zoo's Mlp */
        TwoLayerMlp(long hidden, long out, Block between) {
            super((byte) 1);
            fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
            act = addChildBlock("act", Activation.geluBlock());
            drop = addChildBlock("drop", new Dropout(0f));
            this.between = addChildBlock("between", between);
            fc2 = addChildBlock("fc2", Linear.builder().setUnits(out).build());
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            x = f.apply(fc1, x);
            x = f.apply(act, x);
            x = f.apply(drop, x);
            x = f.apply(between, x);
            return f.apply(fc2, x);
        }
    }

    /** MLP-Mixer's token mixing: {@code x + transpose(mlp(transpose(x)))}. */
    static final class TokenMixing extends FlowBlock {
        final TwoLayerMlp mlp;
        NDList mlpOutput; // what the nested MLP handed back, for the test to inspect

        TokenMixing(long tokens, long hidden, Block between) {
            super((byte) 1);
            mlp = addChildBlock("mlp", new TwoLayerMlp(hidden, tokens, between));
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            T mixed = f.apply(mlp, f.transposeTokens(x));
            if (mixed instanceof NDList list) mlpOutput = list;
            return f.add(x, f.transposeTokens(mixed));
        }
    }

    @Test
    void aNestedTokenMlpRunsTokenMajorWithThePlainResultAndGradients() {
        assertTokenMixingMatchesPlainArrayOperations(Blocks.identityBlock(), true);
    }

    @Test
    void aLayerThatReadsTheLayoutGetsTheTransposedView() {
        // Softmax over the last axis: over tokens in the transposed view, over channels token-major.
        assertTokenMixingMatchesPlainArrayOperations(
                new LambdaBlock(nd -> new NDList(nd.singletonOrThrow().softmax(-1)), "softmax"), false);
    }

    private static void assertTokenMixingMatchesPlainArrayOperations(Block between, boolean tokenMajorToTheEnd) {
        try (NDManager m = Engines.newBaseManager()) {
            Shape in = new Shape(2, 5, 3); // 5 tokens of 3 channels
            TokenMixing block = new TokenMixing(5, 4, between);
            block.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomNormal(in);
            NDArray w1 = block.mlp.fc1.getParameters().get("weight").getArray();
            NDArray b1 = block.mlp.fc1.getParameters().get("bias").getArray();
            NDArray w2 = block.mlp.fc2.getParameters().get("weight").getArray();
            NDArray b2 = block.mlp.fc2.getParameters().get("bias").getArray();
            NDArray[] wrt = {x, w1, b1, w2, b2};
            java.util.function.Supplier<NDArray> plain = () -> {
                NDArray t = x.swapAxes(1, 2); // [B, C, N]
                NDArray h = Activation.gelu(t.matMul(w1.transpose()).add(b1));
                h = between.forward(new ParameterStore(m, false), new NDList(h), true)
                        .singletonOrThrow();
                return x.add(h.matMul(w2.transpose()).add(b2).swapAxes(1, 2));
            };
            java.util.function.Supplier<NDArray> viaBlock =
                    () -> block.forward(new ParameterStore(m, false), new NDList(x), true)
                            .singletonOrThrow();

            float[][] expected = outputAndGradients(m, wrt, plain);
            float[][] actual = outputAndGradients(m, wrt, viaBlock);
            String[] names = {"output", "x", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};
            for (int i = 0; i < names.length; i++) {
                float scale = 1f;
                for (float v : expected[i]) scale = Math.max(scale, Math.abs(v));
                assertArrayEquals(expected[i], actual[i], 1e-6f * scale, names[i]);
            }
            assertEquals(
                    tokenMajorToTheEnd,
                    block.mlpOutput instanceof TransposedTokens,
                    "the nested MLP's output still token-major");
        }
    }

    /** The output of {@code forward}, then the gradients of a weighted sum of it. */
    private static float[][] outputAndGradients(
            NDManager m, NDArray[] wrt, java.util.function.Supplier<NDArray> forward) {
        for (NDArray a : wrt) {
            a.setRequiresGradient(true);
        }
        float[][] out = new float[wrt.length + 1][];
        try (ai.djl.training.GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray y = forward.get();
            out[0] = y.toFloatArray();
            gc.backward(y.mul(m.arange((float) y.size()).reshape(y.getShape())).sum());
        }
        for (int i = 0; i < wrt.length; i++) {
            NDArray grad = wrt[i].getGradient();
            out[i + 1] = grad.toFloatArray();
            grad.muli(0); // gradients accumulate: start the next pass from zero
        }
        return out;
    }

    @Test
    void outputShapesNeedNoInitialisation() {
        Shape[] out = new SpatialGating(5).getOutputShapes(new Shape[] {new Shape(2, 5, 8)});
        assertArrayEquals(new Shape[] {new Shape(2, 5, 4)}, out);
    }

    @Test
    void forwardMatchesPlainArrayOperations() {
        try (NDManager m = Engines.newBaseManager()) {
            SpatialGating block = new SpatialGating(3);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4));
            NDArray x = m.randomNormal(new Shape(2, 3, 4));
            NDArray actual = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();

            NDArray u = x.get(":, :, 0:2");
            NDArray v = x.get(":, :, 2:4");
            NDArray mean = v.mean(new int[] {2}, true);
            NDArray var = v.sub(mean).square().mean(new int[] {2}, true);
            NDArray normed = v.sub(mean).div(var.add(1e-5f).sqrt()); // gamma 1, beta 0 at initialisation
            NDArray w = block.spatial.getParameters().get("weight").getArray();
            NDArray b = block.spatial.getParameters().get("bias").getArray();
            NDArray mixed = normed.swapAxes(1, 2).matMul(w.transpose()).add(b).swapAxes(1, 2);
            NDArray expected = u.mul(mixed);

            assertEquals(expected.getShape(), actual.getShape());
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
            assertEquals(block.getOutputShapes(new Shape[] {x.getShape()})[0], actual.getShape());
        }
    }

    @Test
    void tokenMixingGradientsMatchPlainArrayOperations() {
        // The linear across tokens runs token-major (ForwardFlow, TransposedTokens): its gradients
        // must be those of the linear applied to the transposed view. Fixed, not random, input, and
        // layer norm over 4 channels, not 2: over two close values its gradient blows up (-77 for a
        // random input once) and with it the rounding of either computation.
        try (NDManager m = Engines.newBaseManager()) {
            SpatialGating block = new SpatialGating(3);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8));
            NDArray w = block.spatial.getParameters().get("weight").getArray();
            NDArray b = block.spatial.getParameters().get("bias").getArray();
            NDArray x = BlockTesting.input(m, 2, 3, 8);
            float[][] viaBlock = gradients(
                    m,
                    w,
                    b,
                    x,
                    () -> block.forward(new ParameterStore(m, false), new NDList(x), true)
                            .singletonOrThrow());
            float[][] plain = gradients(m, w, b, x, () -> {
                NDArray v = block.norm
                        .forward(new ParameterStore(m, false), new NDList(x.get(":, :, 4:8")), true)
                        .singletonOrThrow();
                NDArray mixed = v.swapAxes(1, 2).matMul(w.transpose()).add(b).swapAxes(1, 2);
                return x.get(":, :, 0:4").mul(mixed);
            });
            for (int i = 0; i < 3; i++) {
                BlockTesting.assertSameUpToRounding(plain[i], viaBlock[i], 1e-5, "gradient " + i);
            }
        }
    }

    private static float[][] gradients(
            NDManager m, NDArray w, NDArray b, NDArray x, java.util.function.Supplier<NDArray> forward) {
        NDArray[] wrt = {w, b, x};
        for (NDArray a : wrt) {
            a.setRequiresGradient(true);
        }
        try (ai.djl.training.GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray y = forward.get();
            NDArray loss =
                    y.mul(m.arange((float) y.size()).reshape(y.getShape())).sum();
            gc.backward(loss);
        }
        float[][] g = new float[3][];
        for (int i = 0; i < 3; i++) {
            NDArray grad = wrt[i].getGradient();
            g[i] = grad.toFloatArray();
            grad.muli(0); // gradients accumulate: start the next pass from zero
        }
        return g;
    }

    @Test
    void parametersSurviveSaveAndLoad() throws Exception {
        try (NDManager m = Engines.newBaseManager()) {
            Shape in = new Shape(1, 3, 4);
            SpatialGating a = new SpatialGating(3);
            a.initialize(m, DataType.FLOAT32, in);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            SpatialGating b = new SpatialGating(3);
            b.initialize(m, DataType.FLOAT32, in);
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray x = m.randomNormal(in);
            ParameterStore ps = new ParameterStore(m, false);
            assertArrayEquals(
                    a.forward(ps, new NDList(x), false).head().toFloatArray(),
                    b.forward(ps, new NDList(x), false).head().toFloatArray(),
                    0f);
        }
    }
}
