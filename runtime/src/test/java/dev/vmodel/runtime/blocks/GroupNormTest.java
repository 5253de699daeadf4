package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class GroupNormTest extends TestBase {

    /** Reference for [B, C, H, W]: normalise each (example, group), then per-channel affine. */
    static float[] reference(float[] x, int b, int c, int hw, int groups, float[] g, float[] be, float eps) {
        float[] y = new float[x.length];
        int per = c / groups * hw;
        for (int bb = 0; bb < b; bb++) {
            for (int gr = 0; gr < groups; gr++) {
                int start = (bb * c + gr * (c / groups)) * hw;
                double mean = 0;
                for (int i = 0; i < per; i++) {
                    mean += x[start + i];
                }
                mean /= per;
                double var = 0;
                for (int i = 0; i < per; i++) {
                    var += (x[start + i] - mean) * (x[start + i] - mean);
                }
                var /= per;
                for (int i = 0; i < per; i++) {
                    int ch = gr * (c / groups) + i / hw;
                    double v = (x[start + i] - mean) / Math.sqrt(var + eps);
                    y[start + i] = (float) (g == null ? v : v * g[ch] + be[ch]);
                }
            }
        }
        return y;
    }

    @Test
    void normalisesEachGroupOfAnImage() throws Exception {
        int b = 2, c = 4, h = 2, w = 3;
        GroupNorm gn = init(new GroupNorm(2), m, new Shape(b, c, h, w));
        assertEquals(2 * c, paramCount(gn));
        float[] g = {1f, 2f, -1f, 0.5f};
        float[] be = {0f, 0.1f, 0.2f, -0.3f};
        set(gn.getDirectParameters().get("gamma"), g);
        set(gn.getDirectParameters().get("beta"), be);
        NDArray x = input(m, b, c, h, w);
        NDList out = forwardList(gn, m, false, x);
        assertClose(reference(x.toFloatArray(), b, c, h * w, 2, g, be, 1e-5f), out.singletonOrThrow());
        assertOutputShapes(gn, out, new Shape(b, c, h, w));
        assertSaveLoad(gn, () -> new GroupNorm(2), m, x);
        assertGradients(gn, m, x);
    }

    @Test
    void oneGroupWithoutAffine() {
        GroupNorm gn = init(new GroupNorm(1, 1e-6f, false), m, new Shape(1, 3, 2, 2));
        assertEquals(0, paramCount(gn));
        NDArray x = input(m, 1, 3, 2, 2);
        assertClose(reference(x.toFloatArray(), 1, 3, 4, 1, null, null, 1e-6f), forward(gn, m, x));
    }

    @Test
    void groupsMustDivideChannels() {
        assertThrows(IllegalArgumentException.class, () -> init(new GroupNorm(3), m, new Shape(1, 4, 2, 2)));
    }
}
