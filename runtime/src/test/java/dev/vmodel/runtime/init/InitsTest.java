package dev.vmodel.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.blocks.LastAxisLayerNorm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sample statistics of large weights against the PyTorch formulas. */
class InitsTest {

    /** A Linear-like weight [out=256, in=512]: fan_in 512, fan_out 256. */
    private static final Shape W = new Shape(256, 512);

    private NDManager m;

    @BeforeEach
    void open() {
        m = Engines.newBaseManager();
        Engines.seed(42);
    }

    @AfterEach
    void close() {
        m.close();
    }

    /** mean, std, max |x|. */
    private static double[] stats(float[] v) {
        double sum = 0;
        double sq = 0;
        double max = 0;
        for (float f : v) {
            sum += f;
            sq += (double) f * f;
            max = Math.max(max, Math.abs(f));
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sq / v.length - mean * mean), max};
    }

    private double[] sample(Initializer init, Shape shape) {
        float[] v = init.initialize(m, shape, DataType.FLOAT32).toFloatArray();
        assertEquals(shape.size(), v.length);
        return stats(v);
    }

    /** Uniform on [-bound, bound]: std bound/√3, all samples inside, some near the edge. */
    private void assertUniform(Initializer init, Shape shape, double bound) {
        double[] s = sample(init, shape);
        assertEquals(0, s[0], bound * 0.02, "mean");
        assertEquals(bound / Math.sqrt(3), s[1], bound / Math.sqrt(3) * 0.02, "std");
        assertTrue(s[2] <= bound * (1 + 1e-6), "max " + s[2] + " > bound " + bound);
        assertTrue(s[2] > bound * 0.99, "max " + s[2] + " far below bound " + bound);
    }

    /** Normal: std within 2%, and the tails are not cut (max beyond 3.5σ with 131k samples). */
    private void assertNormal(Initializer init, Shape shape, double std) {
        double[] s = sample(init, shape);
        assertEquals(0, s[0], std * 0.02, "mean");
        assertEquals(std, s[1], std * 0.02, "std");
        assertTrue(s[2] > 3.5 * std, "tails cut: max " + s[2] + " for std " + std);
    }

    @Test
    void xavierUniformIsTorchs() {
        assertUniform(Inits.xavierUniform(), W, Math.sqrt(6.0 / (512 + 256)));
        assertUniform(Inits.xavierUniform(2.0), W, 2 * Math.sqrt(6.0 / (512 + 256)));
    }

    @Test
    void xavierNormalIsTorchs() {
        assertNormal(Inits.xavierNormal(), W, Math.sqrt(2.0 / (512 + 256)));
        assertNormal(Inits.xavierNormal(0.5), W, 0.5 * Math.sqrt(2.0 / (512 + 256)));
    }

    @Test
    void kaimingNormalIsTorchs() {
        assertNormal(Inits.kaimingNormal(), W, Math.sqrt(2.0 / 512));
        assertNormal(Inits.kaimingNormal(VarianceScaling.Mode.FAN_OUT), W, Math.sqrt(2.0 / 256));
        assertNormal(Inits.kaimingNormal(1.0, VarianceScaling.Mode.FAN_IN), W, Math.sqrt(1.0 / 512));
    }

    @Test
    void kaimingUniformIsTorchs() {
        assertUniform(Inits.kaimingUniform(), W, Math.sqrt(6.0 / 512));
        assertUniform(Inits.kaimingUniform(0.0, VarianceScaling.Mode.FAN_OUT), W, Math.sqrt(6.0 / 256));
    }

    @Test
    void convolutionFansCountTheKernel() {
        // Conv2d(in=32, out=64, k=3, groups=4): weight [64, 8, 3, 3], fan_in 72, fan_out 576
        Shape conv = new Shape(64, 8, 3, 3);
        assertEquals(72, Fans.fanIn(conv));
        assertEquals(576, Fans.fanOut(conv));
        assertEquals(9, Fans.receptiveField(conv));
        assertNormal(Inits.kaimingNormal(), new Shape(512, 8, 3, 3), Math.sqrt(2.0 / 72));
        assertNormal(
                Inits.kaimingNormal(VarianceScaling.Mode.FAN_OUT), new Shape(512, 8, 3, 3), Math.sqrt(2.0 / (512 * 9)));
        assertEquals(512, Fans.fanIn(W));
        assertEquals(256, Fans.fanOut(W));
        assertThrows(IllegalArgumentException.class, () -> Fans.fanIn(new Shape(5)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Inits.xavierUniform().initialize(m, new Shape(5), DataType.FLOAT32));
    }

    @Test
    void lecunNormalIsATruncatedNormalWithStdOfOneOverFanIn() {
        double std = Math.sqrt(1.0 / 512);
        double[] s = sample(Inits.lecunNormal(), W);
        assertEquals(0, s[0], std * 0.02);
        assertEquals(std, s[1], std * 0.02);
        double cut = 2 * std / VarianceScaling.TRUNCATED_STD;
        assertTrue(s[2] <= cut * (1 + 1e-5), "max " + s[2] + " beyond cut " + cut);
        assertTrue(s[2] > cut * 0.98, "max " + s[2] + " far below cut " + cut);
    }

    @Test
    void normalIsUntruncated() {
        assertNormal(Inits.normal(0.5f), W, 0.5);
        double[] s = sample(Inits.normal(3f, 0.1f), W);
        assertEquals(3, s[0], 0.002);
        assertEquals(0.1, s[1], 0.002);
    }

    @Test
    void truncNormalCutsAtTwoAbsoluteAsTorch() {
        // std 0.02: the ±2 cut is 100σ away, so this is a plain normal
        assertNormal(Inits.truncNormal(0.02f), W, 0.02);
        // DJL's TruncatedNormalInitializer cuts at ±2σ: its std is ~0.88σ, which is what we avoid
        double[] djl = sample(new TruncatedNormalInitializer(0.02f), W);
        assertEquals(0.02 * VarianceScaling.TRUNCATED_STD, djl[1], 0.02 * 0.02);
        // std 1 cut at ±1: std of a unit normal truncated at ±1σ is 0.5396
        double[] s = sample(Inits.truncNormal(0f, 1f, -1f, 1f), W);
        assertTrue(s[2] <= 1.0);
        assertEquals(0.5396, s[1], 0.01);
        // large std: the absolute cut applies
        double[] wide = sample(Inits.truncNormal(5f), W);
        assertTrue(wide[2] <= 2.0);
        assertTrue(wide[2] > 1.99);
    }

    @Test
    void normalCdfIsAccurate() {
        assertEquals(0.5, TruncatedNormalInit.normCdf(0), 1e-7);
        assertEquals(0.8413447460685429, TruncatedNormalInit.normCdf(1), 1e-7);
        assertEquals(0.022750131948179195, TruncatedNormalInit.normCdf(-2), 1e-8);
        assertEquals(0.0, TruncatedNormalInit.normCdf(-100), 1e-12);
        assertEquals(1.0, TruncatedNormalInit.normCdf(100), 1e-12);
    }

    @Test
    void uniformAndConstants() {
        assertUniform(Inits.uniform(0.3f), W, 0.3);
        double[] s = sample(Inits.uniform(1f, 3f), W);
        assertEquals(2, s[0], 0.02);
        float[] c = Inits.constant(0.25f)
                .initialize(m, new Shape(3, 2), DataType.FLOAT32)
                .toFloatArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {.25f, .25f, .25f, .25f, .25f, .25f}, c, 0f);
        assertEquals(
                0f, Inits.zeros().initialize(m, W, DataType.FLOAT32).abs().max().getFloat());
        assertEquals(1f, Inits.ones().initialize(m, W, DataType.FLOAT32).min().getFloat());
    }

    @Test
    void torchDefaultsForLinearAndConv() {
        Linear linear = Linear.builder().setUnits(256).build();
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .setFilters(512)
                .optBias(true)
                .build();
        assertEquals(1, Inits.torchDefaults(linear));
        linear.initialize(m, DataType.FLOAT32, new Shape(1, 512));
        double bound = 1 / Math.sqrt(512);
        double[] w = stats(linear.getParameters().get("weight").getArray().toFloatArray());
        assertEquals(bound / Math.sqrt(3), w[1], bound / Math.sqrt(3) * 0.02);
        assertTrue(w[2] <= bound && w[2] > 0.99 * bound);
        double[] b = stats(linear.getParameters().get("bias").getArray().toFloatArray());
        assertTrue(b[2] <= bound && b[2] > 0.9 * bound, "bias max " + b[2] + " vs " + bound);

        Inits.torchDefault(conv);
        conv.initialize(m, DataType.FLOAT32, new Shape(1, 16, 8, 8)); // fan_in 16*9 = 144
        double cb = 1 / Math.sqrt(144);
        double[] cw = stats(conv.getParameters().get("weight").getArray().toFloatArray());
        assertEquals(cb / Math.sqrt(3), cw[1], cb / Math.sqrt(3) * 0.02);
        double[] cbias = stats(conv.getParameters().get("bias").getArray().toFloatArray());
        assertTrue(cbias[2] <= cb && cbias[2] > 0.9 * cb, "conv bias max " + cbias[2]);
    }

    @Test
    void attachingInitialisers() {
        Linear withBias = Linear.builder().setUnits(4).build();
        Linear noBias = Linear.builder().setUnits(4).optBias(false).build();
        LastAxisLayerNorm ln = new LastAxisLayerNorm();
        SequentialBlock net = new SequentialBlock().add(withBias).add(ln).add(noBias);
        assertEquals(2, Inits.applyTo(net, Linear.class, "weight", Inits.constant(2f)));
        assertEquals(1, Inits.applyTo(net, Linear.class, "bias", Inits.constant(-1f)));
        Inits.apply(ln, "gamma", Inits.constant(3f));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Inits.apply(noBias, "bias", Inits.zeros()));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
        Inits.apply(net, Parameter.Type.BETA, Inits.constant(5f));
        net.initialize(m, DataType.FLOAT32, new Shape(2, 3));
        assertEquals(2f, withBias.getParameters().get("weight").getArray().min().getFloat());
        assertEquals(-1f, withBias.getParameters().get("bias").getArray().max().getFloat());
        assertEquals(3f, ln.getParameters().get("gamma").getArray().min().getFloat());
        assertEquals(5f, ln.getParameters().get("beta").getArray().min().getFloat());
        assertEquals(2f, noBias.getParameters().get("weight").getArray().max().getFloat());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Inits.normal(-1f));
        assertThrows(IllegalArgumentException.class, () -> Inits.truncNormal(0f));
        assertThrows(IllegalArgumentException.class, () -> Inits.truncNormal(0f, 1f, 1f, -1f));
        assertThrows(IllegalArgumentException.class, () -> Inits.uniform(2f, 1f));
    }
}
