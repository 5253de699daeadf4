package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ScaleAffineTest extends TestBase {

    @Test
    void scaleMultipliesEachChannelOfTokens() throws Exception {
        Scale scale = init(new Scale(1e-5f), m, new Shape(2, 3, 4));
        assertEquals(4, paramCount(scale));
        assertClose(new float[] {1e-5f, 1e-5f, 1e-5f, 1e-5f}, scale.getGamma().getArray());
        float[] g = {2f, -1f, 0.5f, 3f};
        set(scale.getGamma(), g);
        NDArray x = input(m, 2, 3, 4);
        float[] xv = x.toFloatArray();
        float[] expected = new float[xv.length];
        for (int i = 0; i < xv.length; i++) {
            expected[i] = xv[i] * g[i % 4];
        }
        NDList out = forwardList(scale, m, false, x);
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(scale, out, new Shape(2, 3, 4));
        assertSaveLoad(scale, () -> new Scale(1f), m, x);
        assertGradients(scale, m, x);
    }

    @Test
    void scaleUsesAxisOneOfImages() {
        Scale scale = init(new Scale(1f), m, new Shape(1, 2, 2, 3));
        assertEquals(2, paramCount(scale));
        set(scale.getGamma(), 10f, -1f);
        NDArray x = input(m, 1, 2, 2, 3);
        float[] xv = x.toFloatArray();
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = xv[i] * (i < 6 ? 10f : -1f);
        }
        assertClose(expected, forward(scale, m, x));
    }

    @Test
    void affineScalesAndShifts() throws Exception {
        Affine affine = init(new Affine(), m, new Shape(2, 3));
        assertEquals(6, paramCount(affine));
        NDArray x = input(m, 2, 3);
        assertClose(x.toFloatArray(), forward(affine, m, x)); // identity at init
        float[] a = {2f, 0.5f, -1f};
        float[] b = {0.1f, 0.2f, 0.3f};
        set(affine.getAlpha(), a);
        set(affine.getBeta(), b);
        float[] xv = x.toFloatArray();
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = a[i % 3] * xv[i] + b[i % 3];
        }
        NDList out = forwardList(affine, m, false, x);
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(affine, out, new Shape(2, 3));
        assertSaveLoad(affine, Affine::new, m, x);
        assertGradients(affine, m, x);
    }

    @Test
    void affineOnImages() {
        Affine affine = init(new Affine(), m, new Shape(1, 2, 1, 2));
        set(affine.getAlpha(), 2f, 3f);
        set(affine.getBeta(), 1f, -1f);
        NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2));
        assertClose(new float[] {3, 5, 8, 11}, forward(affine, m, x));
    }
}
