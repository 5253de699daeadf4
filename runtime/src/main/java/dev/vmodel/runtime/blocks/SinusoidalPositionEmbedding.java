package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.EngineArrays;

/**
 * A fixed sinusoidal position embedding added to tokens: {@code y = x + pe}, with {@code x} of
 * shape {@code [B, N, D]} and the table {@code pe} of shape {@code [1, N, D]} of Vaswani et al.
 * 2017 (interleaved sine and cosine):
 *
 * <pre>
 * pe[p, i] = sin(p / 10000^(2⌊i/2⌋ / D))   for even i
 * pe[p, i] = cos(p / 10000^(2⌊i/2⌋ / D))   for odd i
 * </pre>
 *
 * <p>PyTorch reference: CCT's {@code TransformerClassifier.sinusoidal_embedding(N, D)}, which
 * registers the table as a frozen {@code nn.Parameter}; here it is not a parameter at all (no
 * scalars counted, nothing saved). The table is computed in double precision, cast to float and
 * cached per {@code (N, D)}. Output shape = input shape.
 */
public class SinusoidalPositionEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;

    private volatile Table cache;

    /** Creates a sinusoidal position embedding; {@code N} and {@code D} come from the input. */
    public SinusoidalPositionEmbedding() {
        super(VERSION);
    }

    /**
     * Returns the {@code N×D} table in row-major order ({@code [p * D + i]}).
     *
     * @param n the number of positions
     * @param d the embedding width
     * @return the table, freshly computed
     */
    public static float[] table(int n, int d) {
        float[] pe = new float[n * d];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < d; i++) {
                double angle = p / StrictMath.pow(10000.0, 2.0 * (i / 2) / d);
                pe[p * d + i] = (float) (i % 2 == 0 ? StrictMath.sin(angle) : StrictMath.cos(angle));
            }
        }
        return pe;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = Shapes.requireTokens(x.getShape(), "sinusoidal position embedding");
        int n = Math.toIntExact(s.get(1));
        int d = Math.toIntExact(s.get(2));
        Table t = cache;
        if (t == null || t.n != n || t.d != d) {
            t = new Table(n, d, table(n, d));
            cache = t;
        }
        NDArray pe = EngineArrays.of(x.getManager(), t.values, new Shape(1, n, d))
                .toDevice(x.getDevice(), false)
                .toType(x.getDataType(), false);
        return new NDList(x.add(pe));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    private static final class Table {
        final int n;
        final int d;
        final float[] values;

        Table(int n, int d, float[] values) {
            this.n = n;
            this.d = d;
            this.values = values;
        }
    }
}
