package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class L2NormHardSwishTimesTest extends TestBase {

    @Test
    void l2NormDividesEachLastAxisVectorByItsLength() {
        NDArray x = m.create(new float[] {3, 4, 0, 0, 1e-13f, 0, -6, 8}, new Shape(2, 2, 2));
        NDList out = forwardList(new L2Norm(), m, false, x);
        // [0, 0] stays 0; [1e-13, 0] is divided by eps = 1e-12, not by its length.
        assertClose(new float[] {0.6f, 0.8f, 0, 0, 0.1f, 0, -0.6f, 0.8f}, out.singletonOrThrow());
        assertOutputShapes(new L2Norm(), out, new Shape(2, 2, 2));
    }

    @Test
    void hardSwishIsPiecewise() {
        NDArray x = m.create(new float[] {-4, -3, -1, 0, 1, 3, 4});
        // x * clamp(x + 3, 0, 6) / 6
        assertClose(new float[] {0, 0, -1f / 3, 0, 2f / 3, 3, 4}, forward(new HardSwish(), m, x.reshape(1, 7)));
    }

    @Test
    void timesMultipliesByAConstant() {
        NDArray x = m.create(new float[] {1, -2, 0.5f}, new Shape(1, 3));
        assertClose(new float[] {0.25f, -0.5f, 0.125f}, forward(new Times(0.25f), m, x));
    }
}
