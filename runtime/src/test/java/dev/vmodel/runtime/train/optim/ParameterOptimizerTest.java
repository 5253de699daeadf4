package dev.vmodel.runtime.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.train.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizers against a plain double-precision computation of {@code torch.optim}'s formulas,
 * with gradients set by a known loss: {@code sum(w * c_t)} has gradient {@code c_t}.
 */
class ParameterOptimizerTest {

    private static final String W = "layer.weight";
    private static final String B = "layer.bias";
    private static final double[] LRS = {0.1, 0.05, 0.02, 0.2};

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Engines.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Initial value {@code i} of a parameter, float-representable. */
    private static float initial(int salt, int i) {
        return (float) Math.cos(0.5 + 0.61 * i + salt);
    }

    /** Gradient entry {@code i} at step {@code t}, float-representable. */
    private static float grad(int salt, int t, int i) {
        return (float) Math.sin(1 + 0.7 * i + 1.3 * t + salt);
    }

    private Parameter parameter(String name, int salt, long... dims) {
        Shape shape = new Shape(dims);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = initial(salt, i);
        }
        NDArray array = manager.create(v, shape);
        array.setRequiresGradient(true);
        Parameter p =
                Parameter.builder().setName(name).setType(Parameter.Type.OTHER).build();
        p.setArray(array);
        return p;
    }

    /** A 2-D weight (decayed) and a bias (not decayed). */
    private Map<String, Parameter> params() {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put(W, parameter("weight", 0, 2, 3));
        params.put(B, parameter("bias", 10, 3));
        return params;
    }

    private static int salt(String name) {
        return name.equals(W) ? 0 : 10;
    }

    /** Sets every gradient to {@code grad(salt, t, i)} by a backward pass of {@code sum(w * c)}. */
    private void backward(Map<String, Parameter> params, int t) {
        try (NDManager step = manager.newSubManager();
                GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray loss = null;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray w = e.getValue().getArray();
                float[] c = new float[(int) w.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = grad(salt(e.getKey()), t, i);
                }
                NDArray term = w.mul(step.create(c, w.getShape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    /** Steps {@code from} to {@code to - 1}: the known gradients, then an update at the step's rate. */
    private void train(ParameterOptimizer opt, Map<String, Parameter> params, int from, int to) {
        for (int t = from; t < to; t++) {
            backward(params, t);
            opt.step(LRS[t % LRS.length]);
        }
    }

    /** torch.optim.Adam/AdamW in double, one parameter. */
    private static double[] adamReference(String name, int steps, boolean decoupled, double wd, boolean decay) {
        int n = name.equals(W) ? 6 : 3;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] w = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = initial(salt(name), i);
        }
        for (int t = 0; t < steps; t++) {
            double lr = LRS[t % LRS.length];
            int step = t + 1;
            for (int i = 0; i < n; i++) {
                double g = grad(salt(name), t, i);
                if (decay && decoupled) {
                    w[i] *= 1 - lr * wd;
                } else if (decay) {
                    g += wd * w[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
                w[i] -= lr / (1 - Math.pow(b1, step)) * m[i] / denom;
            }
        }
        return w;
    }

    /** torch.optim.SGD in double (no dampening), one parameter. */
    private static double[] sgdReference(
            String name, int steps, double wd, boolean decay, double mu, boolean nesterov) {
        int n = name.equals(W) ? 6 : 3;
        double[] w = new double[n];
        double[] buf = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = initial(salt(name), i);
        }
        for (int t = 0; t < steps; t++) {
            double lr = LRS[t % LRS.length];
            for (int i = 0; i < n; i++) {
                double g = grad(salt(name), t, i);
                if (decay) {
                    g += wd * w[i];
                }
                if (mu > 0) {
                    buf[i] = t == 0 ? g : mu * buf[i] + g;
                    g = nesterov ? g + mu * buf[i] : buf[i];
                }
                w[i] -= lr * g;
            }
        }
        return w;
    }

    private static void assertClose(double[] expected, Parameter p) {
        float[] actual = p.getArray().toFloatArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-6 * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, "entry " + i);
        }
    }

    private void checkAgainstReference(OptimizerSettings s, double[] w, double[] b) {
        Map<String, Parameter> params = params();
        try (ParameterOptimizer opt = ParameterOptimizer.create(s, params)) {
            train(opt, params, 0, 4);
            assertEquals(4, opt.steps());
        }
        assertClose(w, params.get(W));
        assertClose(b, params.get(B));
    }

    @Test
    void adamInOnePassInJavaEqualsTheArrayForm() {
        for (OptimizerSettings s :
                new OptimizerSettings[] {OptimizerSettings.adamw(0.3), OptimizerSettings.adam(0.3)}) {
            Map<String, Parameter> inJava = paramsWithALargeOne();
            Map<String, Parameter> asArrays = paramsWithALargeOne();
            try (ParameterOptimizer kernel = ParameterOptimizer.create(s, inJava);
                    ParameterOptimizer arrays = ParameterOptimizer.create(s, asArrays)) {
                ((AdamOptimizer) arrays).useArrayForm();
                train(kernel, inJava, 0, 4);
                train(arrays, asArrays, 0, 4);
                // Equal to float rounding: libtorch's vectorised square root is not correctly
                // rounded, Java's is, and Adam's L2 term feeds the difference back into the moments.
                float[][] expectedWeights = weights(asArrays);
                float[][] actualWeights = weights(inJava);
                for (int p = 0; p < expectedWeights.length; p++) {
                    assertNearlyEqual(expectedWeights[p], actualWeights[p], s.name() + " weight " + p);
                }
                Map<String, NDArray> expected = arrays.state();
                assertEquals(arrays.steps(), kernel.steps());
                kernel.state().forEach((name, array) -> {
                    if (!name.equals(ParameterOptimizer.STEP_KEY)) {
                        assertNearlyEqual(
                                expected.get(name).toFloatArray(), array.toFloatArray(), s.name() + " " + name);
                    }
                });
                // Each form zeroes the gradients it used.
                for (Parameter p : inJava.values()) {
                    for (float g : p.getArray().getGradient().toFloatArray()) {
                        assertEquals(0f, g);
                    }
                }
            }
            // The parameters did move.
            assertTrue(Math.abs(weights(inJava)[2][7] - initial(20, 7)) > 1e-3);
        }
    }

    private static void assertNearlyEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * Math.max(1, Math.abs(expected[i])), what + " entry " + i);
        }
    }

    /** {@link #params()} and a weight large enough to be updated by several threads. */
    private Map<String, Parameter> paramsWithALargeOne() {
        Map<String, Parameter> params = params();
        params.put("big.weight", parameter("big", 20, 400, 400));
        return params;
    }

    @Test
    void adamwMatchesTorchFormulasWithDecoupledDecayOnWeightsOnly() {
        double wd = 0.3;
        checkAgainstReference(
                OptimizerSettings.adamw(wd), adamReference(W, 4, true, wd, true), adamReference(B, 4, true, wd, false));
        // The decay does move the weight: without it the result differs.
        double[] undecayed = adamReference(W, 4, true, 0, false);
        assertTrue(Math.abs(undecayed[0] - adamReference(W, 4, true, wd, true)[0]) > 1e-3);
    }

    @Test
    void adamMatchesTorchFormulasWithL2Decay() {
        double wd = 0.3;
        checkAgainstReference(
                OptimizerSettings.adam(wd),
                adamReference(W, 4, false, wd, true),
                adamReference(B, 4, false, wd, false));
    }

    @Test
    void sgdWithMomentumMatchesTorchFormulas() {
        checkAgainstReference(
                OptimizerSettings.sgd(0.1, 0.9, false),
                sgdReference(W, 4, 0.1, true, 0.9, false),
                sgdReference(B, 4, 0.1, false, 0.9, false));
    }

    @Test
    void sgdWithNesterovMatchesTorchFormulas() {
        checkAgainstReference(
                OptimizerSettings.sgd(0.1, 0.8, true),
                sgdReference(W, 4, 0.1, true, 0.8, true),
                sgdReference(B, 4, 0.1, false, 0.8, true));
    }

    @Test
    void plainSgdHasOnlyAStepInItsState() {
        checkAgainstReference(
                OptimizerSettings.sgd(0, 0, false),
                sgdReference(W, 4, 0, false, 0, false),
                sgdReference(B, 4, 0, false, 0, false));
        try (ParameterOptimizer opt = ParameterOptimizer.create(OptimizerSettings.sgd(0, 0, false), params())) {
            assertEquals(List.of("step"), List.copyOf(opt.state().keySet()));
        }
    }

    @Test
    void stepZeroesTheGradientsWhichOtherwiseAccumulate() {
        Map<String, Parameter> params = params();
        backward(params, 0);
        backward(params, 0);
        // DJL's PyTorch collector does not zero: two passes give twice the gradient.
        assertEquals(2 * grad(0, 0, 0), params.get(W).getArray().getGradient().toFloatArray()[0], 1e-6);
        try (ParameterOptimizer opt = ParameterOptimizer.create(OptimizerSettings.adamw(0.1), params)) {
            opt.step(0.1);
        }
        for (Parameter p : params.values()) {
            for (float g : p.getArray().getGradient().toFloatArray()) {
                assertEquals(0f, g);
            }
        }
    }

    @Test
    void zeroGradientsClearsEvenNaNWithoutAnUpdate() {
        Map<String, Parameter> params = params();
        try (NDManager step = manager.newSubManager();
                GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray w = params.get(W).getArray();
            gc.backward(w.mul(step.create(Float.NaN))
                    .sum()
                    .add(params.get(B).getArray().sum()));
        }
        assertTrue(Float.isNaN(params.get(W).getArray().getGradient().toFloatArray()[0]));
        float[][] before = weights(params);
        try (ParameterOptimizer opt = ParameterOptimizer.create(OptimizerSettings.adamw(0.1), params)) {
            opt.zeroGradients();
            assertEquals(0, opt.steps());
        }
        assertArrayEquals(before, weights(params));
        for (Parameter p : params.values()) {
            for (float g : p.getArray().getGradient().toFloatArray()) {
                assertEquals(0f, g);
            }
        }
    }

    @Test
    void stepRecordsNothingEvenInsideAnOpenCollector() {
        Map<String, Parameter> params = params();
        backward(params, 0);
        try (ParameterOptimizer opt = ParameterOptimizer.create(OptimizerSettings.sgd(0, 0, false), params);
                GradientCollector gc = Engines.engine().newGradientCollector()) {
            opt.step(0.1);
        }
        assertClose(sgdReference(W, 1, 0, false, 0, false), params.get(W));
    }

    @Test
    void stateHasTorchNamesAndShapes() {
        Map<String, Parameter> params = params();
        try (ParameterOptimizer opt = ParameterOptimizer.create(OptimizerSettings.adamw(0.1), params)) {
            train(opt, params, 0, 2);
            Map<String, NDArray> state = opt.state();
            assertEquals(
                    List.of("step", "exp_avg/" + W, "exp_avg_sq/" + W, "exp_avg/" + B, "exp_avg_sq/" + B),
                    List.copyOf(state.keySet()));
            assertArrayEquals(new long[] {2}, state.get("step").toLongArray());
            assertEquals(new Shape(2, 3), state.get("exp_avg/" + W).getShape());
            // exp_avg after two steps: 0.9 * 0.1 * g0 + 0.1 * g1
            double expected = 0.9 * 0.1 * grad(0, 0, 0) + 0.1 * grad(0, 1, 0);
            assertEquals(expected, state.get("exp_avg/" + W).toFloatArray()[0], 1e-7);
            assertTrue(opt.decays(W));
            assertFalse(opt.decays(B));
        }
    }

    private float[][] weights(Map<String, Parameter> params) {
        return params.values().stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
    }

    @Test
    void sameStepsGiveBitIdenticalWeightsAndResumingFromAFileEqualsContinuing() throws IOException {
        for (OptimizerSettings s : new OptimizerSettings[] {
            OptimizerSettings.adamw(0.05), OptimizerSettings.adam(0.05), OptimizerSettings.sgd(0.05, 0.9, true)
        }) {
            Map<String, Parameter> straight = params();
            try (ParameterOptimizer opt = ParameterOptimizer.create(s, straight)) {
                train(opt, straight, 0, 6);
            }
            Map<String, Parameter> again = params();
            try (ParameterOptimizer opt = ParameterOptimizer.create(s, again)) {
                train(opt, again, 0, 6);
            }
            assertArrayEquals(weights(straight), weights(again), s.name());

            // Three steps, a checkpoint file of weights and state, everything dropped, three more.
            Path file = dir.resolve(s.name() + ".safetensors");
            Map<String, Parameter> first = params();
            try (ParameterOptimizer opt = ParameterOptimizer.create(s, first)) {
                train(opt, first, 0, 3);
                Map<String, NDArray> checkpoint = new LinkedHashMap<>();
                first.forEach((name, p) -> checkpoint.put("model/" + name, p.getArray()));
                opt.state().forEach((name, a) -> checkpoint.put("optim/" + name, a));
                SafeTensors.write(file, checkpoint, Map.of());
            }
            SafeTensors.Contents read = SafeTensors.read(manager, file);
            Map<String, NDArray> state = new LinkedHashMap<>();
            read.tensors().forEach((name, a) -> {
                if (name.startsWith("optim/")) {
                    state.put(name.substring("optim/".length()), a);
                }
            });
            Map<String, Parameter> resumed = params();
            Map<String, Parameter> stateless = params();
            for (String name : resumed.keySet()) {
                read.tensors().get("model/" + name).copyTo(resumed.get(name).getArray());
                read.tensors().get("model/" + name).copyTo(stateless.get(name).getArray());
            }
            try (ParameterOptimizer opt = ParameterOptimizer.create(s, resumed)) {
                opt.loadState(state);
                assertEquals(3, opt.steps());
                train(opt, resumed, 3, 6);
            }
            // The state matters: the same weights with a fresh optimizer end elsewhere.
            try (ParameterOptimizer opt = ParameterOptimizer.create(s, stateless)) {
                train(opt, stateless, 3, 6);
            }
            assertFalse(Arrays.equals(weights(straight)[0], weights(stateless)[0]), s.name() + " stateless");
            assertArrayEquals(weights(straight), weights(resumed), s.name() + " resumed");
        }
    }

    @Test
    void loadStateNamesTheFirstBadEntry() {
        Map<String, Parameter> params = params();
        try (ParameterOptimizer opt = ParameterOptimizer.create(OptimizerSettings.adamw(0.1), params)) {
            Map<String, NDArray> missing = new LinkedHashMap<>(opt.state());
            missing.remove("exp_avg_sq/" + B);
            assertEquals(
                    "optimizer state has no entry exp_avg_sq/" + B,
                    assertThrows(IllegalArgumentException.class, () -> opt.loadState(missing))
                            .getMessage());

            Map<String, NDArray> extra = new LinkedHashMap<>(opt.state());
            extra.put("momentum_buffer/" + W, manager.zeros(new Shape(2, 3)));
            assertEquals(
                    "optimizer state has an unexpected entry momentum_buffer/" + W,
                    assertThrows(IllegalArgumentException.class, () -> opt.loadState(extra))
                            .getMessage());

            Map<String, NDArray> misShaped = new LinkedHashMap<>(opt.state());
            misShaped.put("exp_avg/" + W, manager.zeros(new Shape(3, 2)));
            assertEquals(
                    "optimizer state entry exp_avg/" + W + " is float32(3, 2), expected float32(2, 3)",
                    assertThrows(IllegalArgumentException.class, () -> opt.loadState(misShaped))
                            .getMessage());
        }
    }

    @Test
    void rejectsBuffersWhichTrainableLeavesOut() {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put(
                "norm.running_mean",
                Parameter.builder()
                        .setName("running_mean")
                        .setType(Parameter.Type.RUNNING_MEAN)
                        .optRequiresGrad(false)
                        .optShape(new Shape(3))
                        .build());
        params.get("norm.running_mean").initialize(manager, DataType.FLOAT32);
        params.putAll(params());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ParameterOptimizer.create(OptimizerSettings.adamw(0), params));
        assertTrue(
                e.getMessage().startsWith("parameter norm.running_mean does not require a gradient"), e.getMessage());
    }
}
