package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

import dev.vmodel.runtime.init.Inits;

import org.junit.jupiter.api.Test;

class ComposedBlockTest extends TestBase {

    /** gMLP's spatial gating unit, written as generated code would write it. */
    static final class SpatialGating extends ComposedBlock {
        final Split split = addChildBlock("split", Split.halves(Axis.CHANNELS));
        final LastAxisLayerNorm norm = addChildBlock("norm", new LastAxisLayerNorm(1e-5f));
        final Linear spatial;
        final TokenMixing mix;
        final Merge gate = addChildBlock("gate", Merge.of(Merge.Op.MULTIPLY));

        SpatialGating(long tokens) {
            super((byte) 1);
            spatial = Linear.builder().setUnits(tokens).build();
            Inits.apply(spatial, "weight", Inits.normal(1e-6f));
            Inits.apply(spatial, "bias", Inits.ones());
            mix = addChildBlock("mix", new TokenMixing(spatial));
        }

        @Override
        protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            NDList uv = callList(split, ps, x, training);
            NDArray u = uv.get(0);
            NDArray v = uv.get(1);
            v = call(norm, ps, v, training);
            v = call(mix, ps, v, training);
            return call(gate, ps, new NDList(u, v), training);
        }
    }

    @Test
    void initialisesChildrenByTracingTheForward() throws Exception {
        int b = 2, n = 3, d = 8;
        SpatialGating sgu = init(new SpatialGating(n), m, new Shape(b, n, d));
        // LN over d/2 (2 * 4) + token Linear n*n + n
        assertEquals(8 + 9 + 3, paramCount(sgu));
        assertEquals(new Shape(n, n), sgu.spatial.getParameters().get("weight").getShape());
        assertClose(new float[] {1, 1, 1}, sgu.spatial.getParameters().get("bias").getArray());
        NDArray x = input(m, b, n, d);
        NDList out = forwardList(sgu, m, false, x);
        assertOutputShapes(sgu, out, new Shape(b, n, d));
        assertEquals(new Shape(b, n, d / 2), out.singletonOrThrow().getShape());
        // with weight ~ N(0, 1e-6) and bias 1 the gate is ~1: output ~ u
        NDArray u = x.split(2, 2).get(0);
        assertTrue(out.singletonOrThrow().sub(u).abs().max().getFloat() < 1e-4f);
        assertSaveLoad(sgu, () -> new SpatialGating(n), m, x);
        assertGradients(sgu, m, x);
    }

    @Test
    void exactValuesWithKnownWeights() {
        int b = 1, n = 2, d = 4;
        SpatialGating sgu = init(new SpatialGating(n), m, new Shape(b, n, d));
        float[] w = {0.5f, -1f, 2f, 0.25f};
        float[] bias = {0.1f, -0.2f};
        set(sgu.spatial.getParameters().get("weight"), w);
        set(sgu.spatial.getParameters().get("bias"), bias);
        NDArray x = input(m, b, n, d);
        float[] xv = x.toFloatArray();
        float[] vv = {xv[2], xv[3], xv[6], xv[7]};
        float[] normed = LastAxisLayerNormTest.reference(vv, 2, null, null, 1e-5f);
        float[] expected = new float[4];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < 2; c++) {
                double mixed = bias[t] + w[t * n] * normed[c] + w[t * n + 1] * normed[2 + c];
                expected[t * 2 + c] = (float) (xv[t * d + c] * mixed);
            }
        }
        assertClose(expected, forward(sgu, m, x));
    }

    @Test
    void worksInsideSequentialAndResidual() {
        SequentialBlock block =
                new SequentialBlock()
                        .add(new LastAxisLayerNorm(1e-6f))
                        .add(Linear.builder().setUnits(12).build())
                        .add(new SpatialGating(5))
                        .add(Linear.builder().setUnits(4).build());
        Residual res = init(new Residual(block), m, new Shape(2, 5, 4));
        assertEquals(8 + (4 * 12 + 12) + (12 + 25 + 5) + (6 * 4 + 4), paramCount(res));
        NDList out = forwardList(res, m, false, input(m, 2, 5, 4));
        assertOutputShapes(res, out, new Shape(2, 5, 4));
    }

    static final class Unreached extends ComposedBlock {
        final Linear used = addChildBlock("used", Linear.builder().setUnits(2).build());
        final Linear unused = addChildBlock("unused", Linear.builder().setUnits(2).build());

        Unreached() {
            super((byte) 1);
        }

        @Override
        protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return call(used, ps, x, training);
        }
    }

    @Test
    void everyChildMustBeReached() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> init(new Unreached(), m, new Shape(1, 3)));
        assertTrue(e.getMessage().contains("unused"), e.getMessage());
    }
}
