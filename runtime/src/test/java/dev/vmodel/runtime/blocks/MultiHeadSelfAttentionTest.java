package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;

class MultiHeadSelfAttentionTest extends TestBase {

    private static MultiHeadSelfAttention mhsa(int dim, int heads, boolean qkvBias, boolean projBias) {
        return MultiHeadSelfAttention.builder()
                .setDim(dim)
                .setHeads(heads)
                .optQkvBias(qkvBias)
                .optProjBias(projBias)
                .build();
    }

    @Test
    void parameterCountsForEveryBiasOption() {
        int d = 8;
        for (boolean qb : new boolean[] {false, true}) {
            for (boolean pb : new boolean[] {false, true}) {
                MultiHeadSelfAttention a = init(mhsa(d, 2, qb, pb), m, new Shape(1, 3, d));
                long expected = 3L * d * d + (qb ? 3 * d : 0) + (long) d * d + (pb ? d : 0);
                assertEquals(expected, paramCount(a), "qkvBias=" + qb + " projBias=" + pb);
                assertEquals(expected, MultiHeadSelfAttention.parameterCount(d, qb, pb));
            }
        }
        // CCT-7: D=256 without qkv bias, with proj bias
        assertEquals(262_400, MultiHeadSelfAttention.parameterCount(256, false, true));
    }

    /** Plain-Java timm attention: qkv rows [q heads..., k heads..., v heads...]. */
    static float[] reference(
            float[] x, int b, int n, int d, int heads, float[] wqkv, float[] bqkv, float[] wp, float[] bp) {
        int hd = d / heads;
        float[] out = new float[b * n * d];
        for (int bb = 0; bb < b; bb++) {
            double[][] qkv = new double[n][3 * d];
            for (int t = 0; t < n; t++) {
                for (int o = 0; o < 3 * d; o++) {
                    double acc = bqkv == null ? 0 : bqkv[o];
                    for (int i = 0; i < d; i++) {
                        acc += wqkv[o * d + i] * x[(bb * n + t) * d + i];
                    }
                    qkv[t][o] = acc;
                }
            }
            double[][] concat = new double[n][d];
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < n; t++) {
                    double[] s = new double[n];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u < n; u++) {
                        double dot = 0;
                        for (int e = 0; e < hd; e++) {
                            dot += qkv[t][h * hd + e] * qkv[u][d + h * hd + e];
                        }
                        s[u] = dot / Math.sqrt(hd);
                        max = Math.max(max, s[u]);
                    }
                    double z = 0;
                    for (int u = 0; u < n; u++) {
                        s[u] = Math.exp(s[u] - max);
                        z += s[u];
                    }
                    for (int e = 0; e < hd; e++) {
                        double acc = 0;
                        for (int u = 0; u < n; u++) {
                            acc += s[u] / z * qkv[u][2 * d + h * hd + e];
                        }
                        concat[t][h * hd + e] = acc;
                    }
                }
            }
            for (int t = 0; t < n; t++) {
                for (int o = 0; o < d; o++) {
                    double acc = bp == null ? 0 : bp[o];
                    for (int i = 0; i < d; i++) {
                        acc += wp[o * d + i] * concat[t][i];
                    }
                    out[(bb * n + t) * d + o] = (float) acc;
                }
            }
        }
        return out;
    }

    private void checkAgainstReference(boolean qkvBias, boolean projBias) throws Exception {
        int b = 2, n = 3, d = 4, heads = 2;
        MultiHeadSelfAttention a = init(mhsa(d, heads, qkvBias, projBias), m, new Shape(b, n, d));
        float[] wqkv = values(3 * d * d, 0.4f);
        float[] bqkv = qkvBias ? values(3 * d, 0.1f) : null;
        float[] wp = values(d * d, -0.3f);
        float[] bp = projBias ? new float[] {0.05f, -0.05f, 0.1f, 0f} : null;
        set(a.getQkv().getParameters().get("weight"), wqkv);
        if (qkvBias) {
            set(a.getQkv().getParameters().get("bias"), bqkv);
        }
        set(a.getProj().getParameters().get("weight"), wp);
        if (projBias) {
            set(a.getProj().getParameters().get("bias"), bp);
        }
        NDArray x = input(m, b, n, d);
        NDList out = forwardList(a, m, false, x);
        assertClose(reference(x.toFloatArray(), b, n, d, heads, wqkv, bqkv, wp, bp), out.singletonOrThrow());
        assertOutputShapes(a, out, new Shape(b, n, d));
        assertSaveLoad(a, () -> mhsa(d, heads, qkvBias, projBias), m, x);
        assertGradients(a, m, x);
    }

    /**
     * Two tokens e1 = [1, 0] and e2 = [0, 1], one head of width 2, q = k = v = x and an identity
     * projection: the scores are x_i . x_j / sqrt(2), so token 1 attends to itself with weight
     * s = sigmoid(1 / sqrt(2)) and to token 2 with 1 - s, giving [s, 1 - s]; token 2 gives [1 - s, s].
     */
    @Test
    void twoTokensOneHeadByHand() {
        MultiHeadSelfAttention a = init(mhsa(2, 1, false, false), m, new Shape(1, 2, 2));
        set(a.getQkv().getParameters().get("weight"), 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1);
        set(a.getProj().getParameters().get("weight"), 1, 0, 0, 1);
        float s = (float) (1 / (1 + Math.exp(-1 / Math.sqrt(2)))); // 0.66976
        NDArray x = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 2, 2));
        assertClose(new float[] {s, 1 - s, 1 - s, s}, forward(a, m, x));
    }

    @Test
    void matchesTimmAttentionWithoutQkvBias() throws Exception {
        checkAgainstReference(false, true);
    }

    @Test
    void matchesTimmAttentionWithAllBiases() throws Exception {
        checkAgainstReference(true, true);
    }

    @Test
    void matchesTimmAttentionWithoutBiases() throws Exception {
        checkAgainstReference(false, false);
    }

    /**
     * Five images whose logits (2 heads x 3 x 3 floats, 72 bytes each) exceed a 150-byte chunk are
     * attended two at a time: the same outputs and the same gradients, for the input and every
     * parameter, as the whole batch at once.
     */
    @Test
    void attendingInChunksGivesTheSameOutputsAndGradients() {
        Shape in = new Shape(5, 3, 4);
        MultiHeadSelfAttention whole = init(mhsa(4, 2, true, true), m, in);
        MultiHeadSelfAttention chunked = init(
                MultiHeadSelfAttention.builder()
                        .setDim(4)
                        .setHeads(2)
                        .optChunkBytes(150)
                        .build(),
                m,
                in);
        for (var p : whole.getParameters()) {
            chunked.getParameters()
                    .get(p.getKey())
                    .getArray()
                    .set(p.getValue().getArray().toFloatArray());
        }
        NDArray x = input(m, 5, 3, 4);
        assertClose(forward(whole, m, x).toFloatArray(), forward(chunked, m, x));
        float[][] wholeGrads = gradients(whole, x);
        float[][] chunkedGrads = gradients(chunked, x);
        for (int i = 0; i < wholeGrads.length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(wholeGrads[i], chunkedGrads[i], 1e-5f, "gradient " + i);
        }
    }

    /** Gradients of {@code sum(y * r)} for a fixed {@code r}: the input's, then each parameter's. */
    private float[][] gradients(MultiHeadSelfAttention a, NDArray x) {
        try (ai.djl.ndarray.NDManager scope = m.newSubManager()) {
            NDArray xi = x.duplicate();
            xi.attach(scope);
            xi.setRequiresGradient(true);
            try (var gc = dev.vmodel.runtime.Engines.engine().newGradientCollector()) {
                NDArray y = forwardList(a, scope, true, xi).singletonOrThrow();
                NDArray r = scope.arange(0f, (float) y.size())
                        .reshape(y.getShape())
                        .mul(0.01f)
                        .sin();
                gc.backward(y.mul(r).sum());
            }
            java.util.List<float[]> grads = new java.util.ArrayList<>();
            grads.add(xi.getGradient().toFloatArray());
            for (var p : a.getParameters())
                grads.add(p.getValue().getArray().getGradient().toFloatArray());
            return grads.toArray(new float[0][]);
        }
    }

    @Test
    void chunkSizeMustBePositive() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MultiHeadSelfAttention.builder()
                        .setDim(4)
                        .setHeads(2)
                        .optChunkBytes(0)
                        .build());
        assertEquals("attention chunk size must be positive, got 0", e.getMessage());
    }

    @Test
    void attentionDropoutActsOnlyInTraining() {
        MultiHeadSelfAttention a = MultiHeadSelfAttention.builder()
                .setDim(4)
                .setHeads(2)
                .optAttentionDropout(0.5f)
                .optProjectionDropout(0.5f)
                .build();
        init(a, m, new Shape(2, 5, 4));
        NDArray x = input(m, 2, 5, 4);
        float[] eval1 = forward(a, m, x).toFloatArray();
        float[] eval2 = forward(a, m, x).toFloatArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(eval1, eval2, 0f);
        float[] train = forwardList(a, m, true, x).singletonOrThrow().toFloatArray();
        assertFalse(java.util.Arrays.equals(eval1, train));
    }

    @Test
    void headsMustDivideTheWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mhsa(512, 10, true, true));
        assertEquals("heads (10) must divide the width (512)", e.getMessage());
    }

    @Test
    void widthMustMatchTheInput() {
        assertThrows(IllegalArgumentException.class, () -> init(mhsa(8, 2, true, true), m, new Shape(1, 3, 4)));
    }

    @Test
    void childNamesFollowTimm() {
        MultiHeadSelfAttention a = init(mhsa(4, 2, false, true), m, new Shape(1, 3, 4));
        for (String key : a.getParameters().keys()) {
            org.junit.jupiter.api.Assertions.assertTrue(key.matches("\\d\\d(qkv|proj)_(weight|bias)"), key);
        }
        Parameter w = a.getQkv().getParameters().get("weight");
        assertEquals(new Shape(12, 4), w.getShape());
    }
}
