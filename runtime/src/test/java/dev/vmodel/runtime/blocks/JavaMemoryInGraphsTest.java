package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import dev.vmodel.runtime.EngineArrays;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.FreedJavaMemory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A value that enters the autograd graph from Java (a scale factor, an epsilon, a const index
 * table) must still hold when the backward pass reads it, however the garbage collector runs in
 * between. DJL's PyTorch engine wraps Java data without copying it, and autograd saves operands
 * for the backward pass; each test here runs a forward pass in a scope that is closed (as {@code
 * FlowBlock} closes its per-pass scope), then collects garbage and hands the freed native memory to
 * new Java buffers full of {@code 0x7f} bytes, then runs the backward pass. The gradient must equal
 * the one of the same pass without that interference. Before the fix, each failed in almost
 * every round (gradients of NaN, 1.4e-45 or 3.4e38), and so did DJL's {@code swishBlock(1f)}.
 */
class JavaMemoryInGraphsTest extends TestBase {

    private static final int ROUNDS = 6;

    @Test
    void timesKeepsItsFactor() {
        assertGradientSurvivesCollection(in(1, 3, 4), (scope, x) -> forward(new Times(0.125f), scope, x));
    }

    @Test
    void hardSwishKeepsItsDivisor() {
        assertGradientSurvivesCollection(in(1, 3, 4), (scope, x) -> forward(new HardSwish(), scope, x));
    }

    @Test
    void siluIsOnlyArrays() {
        assertGradientSurvivesCollection(in(1, 3, 4), (scope, x) -> forward(new Silu(), scope, x));
    }

    @Test
    void l2NormKeepsItsEpsilon() {
        // rows shorter than eps take the maximum's eps branch, so its saved scalar matters
        NDArray x = m.create(new float[] {3, 4, 1e-14f, 0, -6, 8}, new Shape(1, 3, 2));
        assertGradientSurvivesCollection(x, (scope, in) -> forward(new L2Norm(), scope, in));
    }

    @Test
    void attentionKeepsItsScale() {
        MultiHeadSelfAttention a =
                init(MultiHeadSelfAttention.builder().setDim(8).setHeads(2).build(), m, new Shape(1, 5, 8));
        assertGradientSurvivesCollection(in(1, 5, 8), (scope, x) -> forward(a, scope, x));
    }

    @Test
    void takeKeepsItsConstIndexTable() {
        // the relative-position bias of a Swin window: a learned table read through a const index
        ConstTable index = new ConstTable(new long[] {4, 4}, i -> (i[0] * 3 + i[1] * 5) % 7, DataType.INT64);
        NDArray table = in(1, 7, 2);
        assertGradientSurvivesCollection(table, (scope, t) -> {
            NDArray idx = forwardList(index, scope, false).singletonOrThrow();
            return forwardList(new Take(), scope, true, t, idx).singletonOrThrow();
        });
    }

    @Test
    void aConstTableMultipliedIntoTheGraph() {
        ConstTable weights = new ConstTable(new long[] {3, 4}, i -> 1 + i[0] - 0.5 * i[1]);
        assertGradientSurvivesCollection(in(1, 3, 4), (scope, x) -> {
            NDArray w = forwardList(weights, scope, false).singletonOrThrow();
            return x.mul(w);
        });
    }

    @Test
    void sinusoidalPositionsAddedToTheGraph() {
        assertGradientSurvivesCollection(
                in(1, 6, 4), (scope, x) -> forward(new SinusoidalPositionEmbedding(), scope, x));
    }

    private NDArray in(long... dims) {
        return input(m, dims);
    }

    private static NDArray forward(Block b, NDManager scope, NDArray x) {
        return forwardList(b, scope, true, x).singletonOrThrow();
    }

    /** A forward pass from x in the given scope. */
    interface Pass {
        NDArray run(NDManager scope, NDArray x);
    }

    private void assertGradientSurvivesCollection(NDArray x, Pass pass) {
        float[] expected = gradient(x, pass, List::of);
        for (int round = 0; round < ROUNDS; round++) {
            assertArrayEquals(
                    expected,
                    gradient(x, pass, FreedJavaMemory::reuse),
                    "gradient after a collection between forward and backward, round " + round);
        }
    }

    private float[] gradient(NDArray x, Pass pass, Supplier<List<ByteBuffer>> between) {
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray loss;
            try (NDManager scope = m.newSubManager()) {
                NDArray y = pass.run(scope, leaf);
                // a fixed, irregular projection so that every output element matters differently
                NDArray projection = EngineArrays.of(
                        scope, input(scope, y.getShape().getShape()).toFloatArray(), y.getShape());
                loss = y.mul(projection).sum();
                loss.attach(m);
            }
            List<ByteBuffer> held = between.get();
            gc.backward(loss);
            held.size();
        }
        float[] g = leaf.getGradient().toFloatArray();
        leaf.close();
        return g;
    }
}
