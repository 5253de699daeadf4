package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The DJL layers generated code builds (in the form the generator emits them), against values
 * computed by hand or in closed form, so that a change of engine or DJL version that changes a
 * primitive's function is caught here.
 */
class DjlLayersTest extends TestBase {

    private NDArray run(Block b, NDArray x) {
        init(b, m, x.getShape());
        NDList out = forwardList(b, m, false, x);
        assertOutputShapes(b, out, x.getShape());
        return out.singletonOrThrow();
    }

    @Test
    void linearIsXTimesWTransposedPlusBias() {
        Linear l = init(Linear.builder().setUnits(3).build(), m, new Shape(1, 2));
        set(l.getParameters().get("weight"), 1, 2, 3, 4, 5, 6); // [out 3, in 2]
        set(l.getParameters().get("bias"), 0.5f, -1, 0);
        // [1, -1] -> [1 - 2 + 0.5, 3 - 4 - 1, 5 - 6]
        assertClose(new float[] {-0.5f, -2, -1}, forward(l, m, m.create(new float[] {1, -1}, new Shape(1, 2))));
        // on tokens it acts on the last axis only
        NDArray tokens = m.create(new float[] {1, -1, 0, 1}, new Shape(1, 2, 2));
        assertClose(new float[] {-0.5f, -2, -1, 2.5f, 3, 6}, forward(l, m, tokens));
    }

    @Test
    void convolutionIsACrossCorrelation() {
        Conv2d c = init(
                Conv2d.builder().setFilters(1).setKernelShape(new Shape(2, 2)).build(), m, new Shape(1, 1, 3, 3));
        set(c.getParameters().get("weight"), 1, 2, 3, 4);
        set(c.getParameters().get("bias"), 0.5f);
        NDArray x = m.arange(1f, 10f).reshape(1, 1, 3, 3); // 1..9 row by row
        // top left: 1*1 + 2*2 + 3*4 + 4*5 = 37; then 47, 67, 77
        NDArray y = run(c, x);
        assertEquals(new Shape(1, 1, 2, 2), y.getShape());
        assertClose(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, y);
    }

    @Test
    void depthwiseConvolutionKeepsChannelsApart() {
        Conv2d c = Conv2d.builder()
                .setFilters(2)
                .setKernelShape(new Shape(1, 1))
                .optGroups(2)
                .optBias(false)
                .build();
        init(c, m, new Shape(1, 2, 1, 2));
        assertEquals(2, paramCount(c)); // one 1x1 weight per channel
        set(c.getParameters().get("weight"), 2, 3);
        assertClose(
                new float[] {2, 4, 9, 12}, forward(c, m, m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2))));
    }

    @Test
    void stridedPaddedConvolutionCountsZerosAtTheBorder() {
        Conv2d c = Conv2d.builder()
                .setFilters(1)
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(2, 2))
                .optPadding(new Shape(1, 1))
                .optBias(false)
                .build();
        init(c, m, new Shape(1, 1, 3, 3));
        set(c.getParameters().get("weight"), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        // window sums of 1..9 with zero padding, centred on (0,0), (0,2), (2,0), (2,2)
        NDArray y = run(c, m.arange(1f, 10f).reshape(1, 1, 3, 3));
        assertClose(new float[] {1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9}, y);
    }

    @Test
    void maxPoolPadsWithMinusInfinity() {
        // 4x4 ramp 4i + j - 20 (all negative), 3x3/s2/p1: windows read rows {0,1} and {1,2,3}
        Block pool = Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1));
        NDArray y = run(pool, m.arange(0f, 16f).sub(20).reshape(1, 1, 4, 4));
        assertEquals(new Shape(1, 1, 2, 2), y.getShape());
        assertClose(new float[] {5 - 20, 7 - 20, 13 - 20, 15 - 20}, y);
    }

    @Test
    void batchNormInEvaluationUsesTheRunningStatistics() {
        BatchNorm bn = BatchNorm.builder()
                .optEpsilon(1e-5f)
                .optMomentum(0.9f)
                .optAxis(1)
                .build();
        init(bn, m, new Shape(2, 2, 1, 1));
        set(bn.getParameters().get("gamma"), 2, 1);
        set(bn.getParameters().get("beta"), 0, 3);
        set(bn.getParameters().get("runningMean"), 1, -2);
        set(bn.getParameters().get("runningVar"), 4, 0.25f);
        NDArray x = m.create(new float[] {3, 0, -1, -3}, new Shape(2, 2, 1, 1));
        // gamma * (x - mean) / sqrt(var + eps) + beta, channel 0 then channel 1
        float[] expected = {
            (float) (2 * (3 - 1) / Math.sqrt(4 + 1e-5)),
            (float) ((0 + 2) / Math.sqrt(0.25 + 1e-5) + 3),
            (float) (2 * (-1 - 1) / Math.sqrt(4 + 1e-5)),
            (float) ((-3 + 2) / Math.sqrt(0.25 + 1e-5) + 3)
        };
        assertClose(expected, forward(bn, m, x));
    }

    @Test
    void batchNormTrainingUpdatesRunningStatisticsAsPyTorchWithMomentumPointOne() {
        // the generator emits optMomentum(1 - momentum): PyTorch's momentum 0.1 is DJL's 0.9
        BatchNorm bn = BatchNorm.builder().optMomentum(1f - 0.1f).optAxis(1).build();
        init(bn, m, new Shape(2, 1, 1, 1));
        NDArray x = m.create(new float[] {1, 3}, new Shape(2, 1, 1, 1));
        // batch statistics normalise: mean 2, biased variance 1
        float[] y = forwardList(bn, m, true, x).singletonOrThrow().toFloatArray();
        assertEquals((float) (-1 / Math.sqrt(1 + 1e-5)), y[0], 1e-5f);
        // running mean 0.9 * 0 + 0.1 * 2; running var 0.9 * 1 + 0.1 * 2 (unbiased variance)
        assertEquals(0.2f, bn.getParameters().get("runningMean").getArray().getFloat(0), 1e-6f);
        assertEquals(1.1f, bn.getParameters().get("runningVar").getArray().getFloat(0), 1e-6f);
    }

    private void assertActivation(Supplier<Block> block, float[] x, float[] expected) {
        NDArray y = run(block.get(), m.create(x));
        assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
    }

    @Test
    void activationsAreTheExactFunctions() {
        float[] x = {-1, 0, 1, 2};
        // x * Phi(x), Phi the normal CDF (exact, erf-based GELU as PyTorch's default; the tanh
        // approximation gives 0.841192 at 1)
        assertActivation(Activation::geluBlock, x, new float[] {-0.15865525f, 0, 0.84134475f, 1.9544997f});
        assertActivation(Activation::reluBlock, x, new float[] {0, 0, 1, 2});
        // x * sigmoid(x)
        assertActivation(() -> Activation.swishBlock(1f), x, new float[] {-0.26894142f, 0, 0.7310586f, 1.7615942f});
        assertActivation(Activation::tanhBlock, x, new float[] {-0.7615942f, 0, 0.7615942f, 0.9640276f});
        assertActivation(Activation::sigmoidBlock, x, new float[] {0.26894142f, 0.5f, 0.7310586f, 0.8807971f});
    }

    @Test
    void softmaxActsOnTheLastAxis() {
        Block softmax = new LambdaBlock(x -> new NDList(x.singletonOrThrow().softmax(-1)), "softmax");
        // exp(0), exp(ln 2), exp(ln 3) normalise to 1/6, 2/6, 3/6; each row alone
        float l2 = (float) Math.log(2);
        float l3 = (float) Math.log(3);
        NDArray x = m.create(new float[] {0, l2, l3, 5, 5 + l2, 5 + l3}, new Shape(2, 3));
        assertClose(new float[] {1f / 6, 2f / 6, 3f / 6, 1f / 6, 2f / 6, 3f / 6}, run(softmax, x));
    }

    @Test
    void flattenKeepsTheBatchAxisAndRowMajorOrder() {
        NDArray x = m.arange(0f, 12f).reshape(2, 2, 3);
        NDArray y = run(Blocks.batchFlattenBlock(), x);
        assertEquals(new Shape(2, 6), y.getShape());
        assertClose(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, y);
        assertClose(x.toFloatArray(), run(Blocks.identityBlock(), x));
    }
}
