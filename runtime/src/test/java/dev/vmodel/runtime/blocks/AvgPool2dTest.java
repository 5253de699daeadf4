package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import org.junit.jupiter.api.Test;

/**
 * Average pooling against hand-computed values. The ramp is {@code x[i][j] = 4i + j} on a 4x4
 * image; a window's mean over real pixels is {@code 4 * mean(rows) + mean(cols)}, and at 3x3/s1/p1
 * the rows (and columns) a window reads are {0,1}, {0,1,2}, {1,2,3}, {2,3}.
 */
class AvgPool2dTest extends TestBase {

    private NDArray ramp() {
        return m.arange(0f, 16f).reshape(1, 1, 4, 4);
    }

    private NDArray pool(AvgPool2d block, NDArray x) {
        init(block, m, x.getShape());
        NDList out = forwardList(block, m, false, x);
        assertOutputShapes(block, out, x.getShape());
        return out.singletonOrThrow();
    }

    private static AvgPool2d pool3x3(boolean countPadding) {
        return AvgPool2d.builder()
                .setKernel(3)
                .optStride(1)
                .optPadding(1)
                .optCountPadding(countPadding)
                .build();
    }

    @Test
    void leavingPaddingOutAveragesAllOnesToOneEverywhere() {
        NDArray ones = m.ones(new Shape(2, 3, 5, 5));
        NDArray y = pool(pool3x3(false), ones);
        assertEquals(new Shape(2, 3, 5, 5), y.getShape());
        float[] expected = new float[2 * 3 * 5 * 5];
        java.util.Arrays.fill(expected, 1f);
        assertClose(expected, y);
    }

    @Test
    void djlAloneCountsThePaddingEvenWhenAskedNotTo() {
        // The defect this block works around: corner 4/9, edge 6/9, whatever countIncludePad says.
        NDArray y = Pool.avgPool2d(
                m.ones(new Shape(1, 1, 3, 3)), new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false, false);
        assertEquals(4f / 9, y.toFloatArray()[0], 1e-6f);
    }

    @Test
    void rampWithoutPaddingInTheCount() {
        // means over real pixels: window rows mean 0.5, 1, 2, 2.5 (same for columns)
        assertClose(
                new float[] {
                    2.5f, 3f, 4f, 4.5f,
                    4.5f, 5f, 6f, 6.5f,
                    8.5f, 9f, 10f, 10.5f,
                    10.5f, 11f, 12f, 12.5f
                },
                pool(pool3x3(false), ramp()));
    }

    @Test
    void rampWithPaddingInTheCount() {
        // window sums divided by 9: e.g. corner 0+1+4+5 = 10, top edge 0+1+2+4+5+6 = 18
        float[] sums = {10, 18, 24, 18, 27, 45, 54, 39, 51, 81, 90, 63, 42, 66, 72, 50};
        float[] expected = new float[16];
        for (int i = 0; i < 16; i++) {
            expected[i] = sums[i] / 9;
        }
        assertClose(expected, pool(pool3x3(true), ramp()));
    }

    @Test
    void strideDefaultsToTheKernel() {
        // 2x2 blocks: (0+1+4+5)/4, (2+3+6+7)/4, ...
        NDArray y = pool(AvgPool2d.builder().setKernel(2).build(), ramp());
        assertEquals(new Shape(1, 1, 2, 2), y.getShape());
        assertClose(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, y);
    }

    @Test
    void stridedWithPaddingLeftOut() {
        // 3x3/s2/p1 on 4x4: windows read rows {0,1} and {1,2,3}: 4*0.5+0.5, 4*0.5+2, 4*2+0.5, 4*2+2
        NDArray y = pool(
                AvgPool2d.builder()
                        .setKernel(3)
                        .optStride(2)
                        .optPadding(1)
                        .optCountPadding(false)
                        .build(),
                ramp());
        assertEquals(new Shape(1, 1, 2, 2), y.getShape());
        assertClose(new float[] {2.5f, 4f, 8.5f, 10f}, y);
    }

    @Test
    void poolsEachChannelAndExampleAlone() {
        // channel c of example b is the ramp plus 100*(2b + c): averages shift by the same amount
        NDArray x = ramp().add(m.create(new float[] {0, 100, 200, 300}, new Shape(2, 2, 1, 1)));
        float[] y = pool(pool3x3(false), x).toFloatArray();
        assertEquals(2.5f, y[0], 1e-5f);
        assertEquals(102.5f, y[16], 1e-5f);
        assertEquals(312.5f, y[63], 1e-4f);
    }

    @Test
    void gradientSpreadsEachWindowOverItsRealPixels() {
        // d sum(out) / d x[p] = sum over the windows reading p of 1 / (real pixels in the window);
        // on 3x3 at 3x3/s1/p1 a window holds 4 (corner), 6 (edge) or 9 (centre) real pixels
        NDArray x = m.ones(new Shape(1, 1, 3, 3));
        x.setRequiresGradient(true);
        AvgPool2d block = init(pool3x3(false), m, x.getShape());
        try (ai.djl.training.GradientCollector gc =
                dev.vmodel.runtime.Engines.engine().newGradientCollector()) {
            gc.backward(forwardList(block, m, true, x).singletonOrThrow().sum());
        }
        float corner = 1f / 4 + 2f / 6 + 1f / 9;
        float edge = 2f / 4 + 3f / 6 + 1f / 9;
        float centre = 4f / 4 + 4f / 6 + 1f / 9;
        assertClose(new float[] {corner, edge, corner, edge, centre, edge, corner, edge, corner}, x.getGradient());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> AvgPool2d.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> AvgPool2d.builder().setKernel(3).optStride(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> AvgPool2d.builder().setKernel(3).optPadding(2).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> AvgPool2d.builder().setKernel(5).build().getOutputShapes(new Shape[] {new Shape(1, 1, 4, 4)}));
        assertThrows(
                IllegalArgumentException.class,
                () -> AvgPool2d.builder().setKernel(2).build().getOutputShapes(new Shape[] {new Shape(1, 4, 4)}));
    }
}
