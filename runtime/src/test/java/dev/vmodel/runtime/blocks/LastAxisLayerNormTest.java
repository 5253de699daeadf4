package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LastAxisLayerNormTest extends TestBase {

    /** Reference: normalise each row of length d, then gamma * xhat + beta. */
    static float[] reference(float[] x, int d, float[] gamma, float[] beta, float eps) {
        float[] y = new float[x.length];
        for (int r = 0; r < x.length / d; r++) {
            double mean = 0;
            for (int i = 0; i < d; i++) {
                mean += x[r * d + i];
            }
            mean /= d;
            double var = 0;
            for (int i = 0; i < d; i++) {
                double c = x[r * d + i] - mean;
                var += c * c;
            }
            var /= d;
            for (int i = 0; i < d; i++) {
                double xhat = (x[r * d + i] - mean) / Math.sqrt(var + eps);
                y[r * d + i] = (float) (gamma == null ? xhat : xhat * gamma[i] + beta[i]);
            }
        }
        return y;
    }

    @Test
    void normalisesTokensOverLastAxisOnly() throws Exception {
        float eps = 1e-6f;
        LastAxisLayerNorm ln = init(new LastAxisLayerNorm(eps), m, new Shape(2, 3, 4));
        assertEquals(8, paramCount(ln)); // 2D, not 2*N*D
        float[] gamma = {1.5f, -0.5f, 2f, 0.25f};
        float[] beta = {0.1f, 0.2f, -0.3f, 0f};
        set(ln.getDirectParameters().get("gamma"), gamma);
        set(ln.getDirectParameters().get("beta"), beta);
        NDArray x = input(m, 2, 3, 4);
        NDList out = forwardList(ln, m, false, x);
        assertClose(reference(x.toFloatArray(), 4, gamma, beta, eps), out.singletonOrThrow());
        assertOutputShapes(ln, out, new Shape(2, 3, 4));
        assertSaveLoad(ln, () -> new LastAxisLayerNorm(eps), m, x);
        assertGradients(ln, m, x);
    }

    @Test
    void defaultsAreTorchDefaults() {
        LastAxisLayerNorm ln = new LastAxisLayerNorm();
        assertEquals(1e-5f, ln.getEps());
        init(ln, m, new Shape(2, 5));
        assertClose(
                new float[] {1, 1, 1, 1, 1},
                ln.getDirectParameters().get("gamma").getArray());
        assertClose(
                new float[] {0, 0, 0, 0, 0},
                ln.getDirectParameters().get("beta").getArray());
        NDArray x = input(m, 2, 5);
        assertClose(reference(x.toFloatArray(), 5, null, null, 1e-5f), forward(ln, m, x));
    }

    @Test
    void epsMatters() {
        // a row of constant-ish values: large eps shrinks the normalised output visibly
        NDArray x = m.create(new float[] {0f, 0.01f, 0.02f, 0.03f}, new Shape(1, 4));
        LastAxisLayerNorm big = init(new LastAxisLayerNorm(1e-2f, false), m, new Shape(1, 4));
        assertClose(reference(x.toFloatArray(), 4, null, null, 1e-2f), forward(big, m, x));
    }

    @Test
    void withoutAffineHasNoParameters() throws Exception {
        LastAxisLayerNorm ln = init(new LastAxisLayerNorm(1e-5f, false), m, new Shape(2, 2, 3, 4));
        assertEquals(0, paramCount(ln));
        NDArray x = input(m, 2, 2, 3, 4);
        NDList out = forwardList(ln, m, false, x);
        assertClose(reference(x.toFloatArray(), 4, null, null, 1e-5f), out.singletonOrThrow());
        assertOutputShapes(ln, out, new Shape(2, 2, 3, 4));
        assertSaveLoad(ln, () -> new LastAxisLayerNorm(1e-5f, false), m, x);
    }

    @Test
    void rejectsBadEps() {
        assertThrows(IllegalArgumentException.class, () -> new LastAxisLayerNorm(0f));
    }
}
