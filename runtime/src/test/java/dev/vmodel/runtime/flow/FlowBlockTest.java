package dev.vmodel.runtime.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.blocks.Axis;
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

    /** Records the batch of every forward pass of its flow. */
    static final class BatchRecorder extends FlowBlock {
        final List<Long> batches = new java.util.ArrayList<>();
        final LastAxisLayerNorm norm;

        BatchRecorder() {
            super((byte) 1);
            norm = addChildBlock("norm", new LastAxisLayerNorm());
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            if (x instanceof NDList list) batches.add(list.head().getShape().get(0));
            return f.apply(norm, x);
        }
    }

    @Test
    void inferenceOfALargeBatchRunsEightImagesAtATimeWithTheBatchsResult() {
        try (NDManager m = Engines.newBaseManager()) {
            SpatialGating block = new SpatialGating(3);
            block.initialize(m, DataType.FLOAT32, new Shape(20, 3, 4));
            NDArray x = m.randomNormal(new Shape(20, 3, 4));
            NDArray batch = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            for (int i = 0; i < 20; i++) {
                NDArray one = block.forward(new ParameterStore(m, false), new NDList(x.get(i + ":" + (i + 1))), false)
                        .singletonOrThrow();
                assertArrayEquals(
                        one.toFloatArray(), batch.get(i + ":" + (i + 1)).toFloatArray(), 1e-5f, "image " + i);
            }

            BatchRecorder recorder = new BatchRecorder();
            recorder.initialize(m, DataType.FLOAT32, new Shape(20, 3, 4));
            recorder.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(List.of(8L, 8L, 4L), recorder.batches, "inference");
            recorder.batches.clear();
            recorder.forward(new ParameterStore(m, false), new NDList(x), true);
            assertEquals(List.of(20L), recorder.batches, "training: the whole batch, whose backward needs it");
            recorder.batches.clear();
            LayerOutputs.record(recorder, () -> recorder.forward(new ParameterStore(m, false), new NDList(x), false));
            assertEquals(List.of(20L), recorder.batches, "recording layer outputs: the whole batch");
        }
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
        // must be those of the linear applied to the transposed view.
        try (NDManager m = Engines.newBaseManager()) {
            SpatialGating block = new SpatialGating(3);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4));
            NDArray w = block.spatial.getParameters().get("weight").getArray();
            NDArray b = block.spatial.getParameters().get("bias").getArray();
            NDArray x = m.randomNormal(new Shape(2, 3, 4));
            float[][] viaBlock = gradients(
                    m,
                    w,
                    b,
                    x,
                    () -> block.forward(new ParameterStore(m, false), new NDList(x), true)
                            .singletonOrThrow());
            float[][] plain = gradients(m, w, b, x, () -> {
                NDArray v = block.norm
                        .forward(new ParameterStore(m, false), new NDList(x.get(":, :, 2:4")), true)
                        .singletonOrThrow();
                NDArray mixed = v.swapAxes(1, 2).matMul(w.transpose()).add(b).swapAxes(1, 2);
                return x.get(":, :, 0:2").mul(mixed);
            });
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(plain[i], viaBlock[i], 1e-5f, "gradient " + i);
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
