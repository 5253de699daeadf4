package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import org.junit.jupiter.api.Test;

class ResidualTest extends TestBase {

    private static Residual residual() {
        return new Residual(Linear.builder().setUnits(3).build());
    }

    @Test
    void addsTheBranchToTheInput() throws Exception {
        Residual res = init(residual(), m, new Shape(2, 3));
        Linear inner = (Linear) res.getInner();
        float[] w = values(9, 1f);
        float[] bias = {0.5f, 0f, -0.5f};
        set(inner.getParameters().get("weight"), w);
        set(inner.getParameters().get("bias"), bias);
        NDArray x = input(m, 2, 3);
        float[] xv = x.toFloatArray();
        float[] expected = new float[6];
        for (int r = 0; r < 2; r++) {
            for (int o = 0; o < 3; o++) {
                double acc = bias[o];
                for (int i = 0; i < 3; i++) {
                    acc += w[o * 3 + i] * xv[r * 3 + i];
                }
                expected[r * 3 + o] = (float) (xv[r * 3 + o] + acc);
            }
        }
        NDList out = forwardList(res, m, false, x);
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(res, out, new Shape(2, 3));
        assertEquals(12, paramCount(res));
        assertSaveLoad(res, ResidualTest::residual, m, x);
        assertGradients(res, m, x);
    }

    @Test
    void wrapsASequentialBranch() {
        SequentialBlock branch =
                new SequentialBlock()
                        .add(new LastAxisLayerNorm(1e-6f))
                        .add(Linear.builder().setUnits(8).build())
                        .add(Activation.geluBlock())
                        .add(Linear.builder().setUnits(4).build());
        Residual res = init(new Residual(branch), m, new Shape(2, 5, 4));
        assertEquals(8 + (4 * 8 + 8) + (8 * 4 + 4), paramCount(res));
        NDList out = forwardList(res, m, false, input(m, 2, 5, 4));
        assertOutputShapes(res, out, new Shape(2, 5, 4));
    }

    @Test
    void rejectsAShapeChangingBranch() {
        Residual res = new Residual(Linear.builder().setUnits(5).build());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> init(res, m, new Shape(2, 3)));
        assertEquals(
                "residual branch must keep the shape (2, 3); it gives [(2, 5)]", e.getMessage());
    }
}
