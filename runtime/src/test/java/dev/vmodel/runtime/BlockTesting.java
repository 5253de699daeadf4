package dev.vmodel.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;

/** Shared checks for block tests, in the style of DJL's own block tests. */
public final class BlockTesting {

    public static final float TOL = 1e-5f;

    private BlockTesting() {}

    /** Initialises {@code block} for inputs of the given shapes, in float32. */
    public static <B extends Block> B init(B block, NDManager m, Shape... shapes) {
        block.initialize(m, DataType.FLOAT32, shapes);
        return block;
    }

    /** Runs a forward pass and returns all outputs. */
    public static NDList forwardList(Block b, NDManager m, boolean training, NDArray... xs) {
        return b.forward(new ParameterStore(m, false), new NDList(xs), training);
    }

    /** Runs an inference forward pass on one input and returns the single output. */
    public static NDArray forward(Block b, NDManager m, NDArray x) {
        return forwardList(b, m, false, x).singletonOrThrow();
    }

    /** Overwrites the values of an initialised parameter. */
    public static void set(Parameter p, float... values) {
        assertEquals(p.getShape().size(), values.length, "value count for " + p.getName());
        p.getArray().set(values);
    }

    /** A deterministic, irregular input of the given shape: {@code sin(1 + 0.37 * i)}. */
    public static NDArray input(NDManager m, long... dims) {
        Shape s = new Shape(dims);
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(1 + 0.37 * i);
        }
        return m.create(v, s);
    }

    /** Deterministic values for parameters: {@code cos(0.5 + 0.61 * i) * scale}. */
    public static float[] values(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.cos(0.5 + 0.61 * i) * scale;
        }
        return v;
    }

    public static void assertClose(float[] expected, NDArray actual) {
        assertArrayEquals(expected, actual.toFloatArray(), TOL);
    }

    /**
     * The same quantity computed two ways (products of other shapes, another memory layout): equal
     * up to float32 rounding. BLAS picks its kernels, and with them the order of its sums, by shape
     * and by CPU (MKL on an Intel Xeon differed from the AMD EPYCs in the 6th significant digit),
     * and layer norm's backward, which subtracts means, magnifies that in small entries; so each
     * entry is held to {@code relative} of the array's largest magnitude, not of its own.
     */
    public static void assertSameUpToRounding(float[] expected, float[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double tolerance = relative * Math.max(scale, Float.MIN_NORMAL);
        for (int i = 0; i < expected.length; i++) {
            double off = Math.abs(expected[i] - actual[i]);
            assertTrue(
                    off <= tolerance,
                    what + " differs at [" + i + "]: " + expected[i] + " vs " + actual[i] + ", "
                            + String.format("%.2g", off / Math.max(scale, Float.MIN_NORMAL))
                            + " of the array's largest magnitude " + scale + " (allowed " + relative + ")");
        }
    }

    /** getOutputShapes must equal the shapes the forward pass really produces. */
    public static void assertOutputShapes(Block b, NDList out, Shape... in) {
        Shape[] declared = b.getOutputShapes(in);
        assertArrayEquals(out.getShapes(), declared, "getOutputShapes vs forward");
    }

    /** The number of scalar parameters. */
    public static long paramCount(Block b) {
        return ModelStats.parameterCount(b);
    }

    /**
     * Saves {@code trained}, loads the bytes into {@code fresh.get()} without initialising it, and
     * checks that both give the same output on {@code x}.
     */
    public static Block assertSaveLoad(Block trained, Supplier<? extends Block> fresh, NDManager m, NDArray... x)
            throws IOException, MalformedModelException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream os = new DataOutputStream(bytes)) {
            trained.saveParameters(os);
        }
        Block loaded = fresh.get();
        try (DataInputStream is = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            loaded.loadParameters(m, is);
            assertEquals(-1, is.read(), "all bytes consumed");
        }
        assertEquals(paramCount(trained), paramCount(loaded));
        NDList a = forwardList(trained, m, false, x);
        NDList b = forwardList(loaded, m, false, x);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), 0f);
        }
        return loaded;
    }

    /**
     * Runs a training forward and a backward pass of a random projection of the output, and checks
     * that every parameter received a finite, not all-zero gradient.
     */
    public static void assertGradients(Block b, NDManager m, NDArray... x) {
        assertGradients(b, m, Set.of(), x);
    }

    /**
     * As {@link #assertGradients(Block, NDManager, NDArray...)}, except that the parameters named in
     * {@code zeroByDesign} must receive a gradient of zero, up to rounding (below 1e-5): those the
     * output does not depend on, such as a bias added to every logit of a softmax.
     */
    public static void assertGradients(Block b, NDManager m, Set<String> zeroByDesign, NDArray... x) {
        try (NDManager scope = m.newSubManager()) {
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDList out = forwardList(b, scope, true, x);
                NDArray loss = null;
                for (NDArray y : out) {
                    NDArray r = scope.randomNormal(y.getShape());
                    NDArray term = y.mul(r).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            assertTrue(b.getParameters().size() > 0, "block has parameters");
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                NDArray g = p.getValue().getArray().getGradient();
                assertNotNull(g, "gradient of " + p.getKey());
                assertEquals(p.getValue().getShape(), g.getShape());
                float[] gv = g.toFloatArray();
                boolean nonZero = false;
                for (float v : gv) {
                    assertTrue(Float.isFinite(v), "finite gradient of " + p.getKey());
                    nonZero |= v != 0f;
                    if (zeroByDesign.contains(p.getKey())) {
                        assertTrue(Math.abs(v) < 1e-5, "zero gradient of " + p.getKey() + ": " + v);
                    }
                }
                assertTrue(nonZero || zeroByDesign.contains(p.getKey()), "non-zero gradient of " + p.getKey());
            }
        }
    }
}
