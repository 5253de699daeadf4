package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.StableNames;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zoo's gMLP and Mixer blocks, generated, with fixed weights, against the same computation
 * written here with plain NDArray operations from the papers' equations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumericalParityTest {
    static final Shape INPUT = new Shape(2, 3, 4); // batch 2, 3 tokens, width 4

    GeneratedCode code;

    @BeforeAll
    void generate(@TempDir Path dir) {
        code = GeneratedCode.of(
                dir, GeneratedZooTest.ZOO.resolve("gmlp.vmodel"), GeneratedZooTest.ZOO.resolve("mlp-mixer.vmodel"));
    }

    private Block newBlock(String name, Object... args) {
        try {
            for (var c : code.load(name).getConstructors()) {
                if (c.getParameterCount() == args.length) return (Block) c.newInstance(args);
            }
            throw new AssertionError("no constructor of " + name + " with " + args.length + " arguments");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Every parameter set to seeded values, so that no path (such as the near-zero spatial weight) is trivial. */
    private static void fixWeights(Block block, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] values = new float[(int) a.size()];
            for (int i = 0; i < values.length; i++) values[i] = (float) (0.5 * random.nextGaussian());
            a.set(values);
        }
    }

    /** The parameter array with this stable name, e.g. "spatial_gating_unit.fc.weight". */
    private static NDArray param(Block block, String name) {
        Parameter p = StableNames.parameters(block).get(name);
        if (p == null)
            throw new AssertionError("no parameter " + name + " in "
                    + StableNames.parameters(block).keySet());
        return p.getArray();
    }

    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight.transpose()).add(bias);
    }

    /** Exact GELU, as PyTorch computes it: x * Phi(x). */
    private static NDArray gelu(NDArray x) {
        return x.mul(x.div((float) Math.sqrt(2)).erf().add(1f)).mul(0.5f);
    }

    private static float[] run(Block block, NDManager m, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void gMlpBlock() {
        Block block = newBlock("GMlpBlock", 8L, 0.0, 4L, INPUT.get(1), INPUT.get(2)); // ffn 8, no drop path, width 4
        try (NDManager m = Engines.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, INPUT);
            fixWeights(block, 1);
            NDArray x = m.randomNormal(INPUT);

            NDArray h = gelu(linear(
                    layerNorm(x, param(block, "norm.weight"), param(block, "norm.bias"), 1e-6f),
                    param(block, "fc1.weight"),
                    param(block, "fc1.bias")));
            NDArray u = h.get(":, :, 0:4");
            NDArray v = layerNorm(
                    h.get(":, :, 4:8"),
                    param(block, "spatial_gating_unit.norm.weight"),
                    param(block, "spatial_gating_unit.norm.bias"),
                    1e-5f);
            // The spatial projection mixes the 3 tokens: (W v + b) along the token axis.
            v = linear(
                            v.swapAxes(1, 2),
                            param(block, "spatial_gating_unit.fc.weight"),
                            param(block, "spatial_gating_unit.fc.bias"))
                    .swapAxes(1, 2);
            NDArray expected = x.add(linear(u.mul(v), param(block, "fc2.weight"), param(block, "fc2.bias")));

            assertEquals(
                    new Shape(3, 3),
                    param(block, "spatial_gating_unit.fc.weight").getShape());
            assertArrayEquals(expected.toFloatArray(), run(block, m, x), 1e-4f);
        }
    }

    @Test
    void mixerBlock() {
        Block block = newBlock("MixerBlock", 5L, 6L, 0.0, INPUT.get(1), INPUT.get(2)); // token MLP 5, channel MLP 6
        try (NDManager m = Engines.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, INPUT);
            fixWeights(block, 2);
            NDArray x = m.randomNormal(INPUT);

            NDArray t = layerNorm(x, param(block, "norm1.weight"), param(block, "norm1.bias"), 1e-6f)
                    .swapAxes(1, 2);
            t = linear(
                    gelu(linear(t, param(block, "mlp1.fc1.weight"), param(block, "mlp1.fc1.bias"))),
                    param(block, "mlp1.fc2.weight"),
                    param(block, "mlp1.fc2.bias"));
            NDArray y = x.add(t.swapAxes(1, 2));
            NDArray c = layerNorm(y, param(block, "norm2.weight"), param(block, "norm2.bias"), 1e-6f);
            c = linear(
                    gelu(linear(c, param(block, "mlp2.fc1.weight"), param(block, "mlp2.fc1.bias"))),
                    param(block, "mlp2.fc2.weight"),
                    param(block, "mlp2.fc2.bias"));
            NDArray expected = y.add(c);

            assertEquals(new Shape(5, 3), param(block, "mlp1.fc1.weight").getShape()); // tokens 3 -> 5
            assertArrayEquals(expected.toFloatArray(), run(block, m, x), 1e-4f);
        }
    }
}
