package dev.vmodel.runtime;

import static dev.vmodel.runtime.BlockTesting.*;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;

import dev.vmodel.runtime.blocks.Axis;
import dev.vmodel.runtime.blocks.ComposedBlock;
import dev.vmodel.runtime.blocks.DropPath;
import dev.vmodel.runtime.blocks.ImageToTokens;
import dev.vmodel.runtime.blocks.LastAxisLayerNorm;
import dev.vmodel.runtime.blocks.LearnedPositionEmbedding;
import dev.vmodel.runtime.blocks.Merge;
import dev.vmodel.runtime.blocks.MultiHeadSelfAttention;
import dev.vmodel.runtime.blocks.Residual;
import dev.vmodel.runtime.blocks.SequencePooling;
import dev.vmodel.runtime.blocks.Split;
import dev.vmodel.runtime.blocks.TokenMixing;
import dev.vmodel.runtime.blocks.TokenPooling;
import dev.vmodel.runtime.init.Inits;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime blocks, composed as the generator will compose them, reproduce the exact parameter
 * counts of DESIGN.md's fidelity table.
 */
class FidelityTest {

    private NDManager m;

    @BeforeEach
    void open() {
        m = Engines.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    private static Linear linear(long units) {
        return Linear.builder().setUnits(units).build();
    }

    private static Conv2d patchConv(int channels, int patch) {
        return Conv2d.builder()
                .setKernelShape(new Shape(patch, patch))
                .optStride(new Shape(patch, patch))
                .setFilters(channels)
                .build();
    }

    /** gMLP spatial gating unit: u * TokenLinear(LN(v)). */
    static final class SpatialGating extends ComposedBlock {
        final Split split = addChildBlock("split", Split.halves(Axis.CHANNELS));
        final LastAxisLayerNorm norm = addChildBlock("norm", new LastAxisLayerNorm(1e-5f));
        final TokenMixing proj;
        final Merge gate = addChildBlock("gate", Merge.of(Merge.Op.MULTIPLY));

        SpatialGating(long tokens) {
            super((byte) 1);
            Linear spatial = linear(tokens);
            Inits.apply(spatial, "weight", Inits.normal(1e-6f));
            Inits.apply(spatial, "bias", Inits.ones());
            proj = addChildBlock("proj", new TokenMixing(spatial));
        }

        @Override
        protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            NDList uv = callList(split, ps, x, training);
            NDArray v = call(proj, ps, call(norm, ps, uv.get(1), training), training);
            return call(gate, ps, new NDList(uv.get(0), v), training);
        }
    }

    static Block gmlp(int dim, int ffn, int depth, int classes) {
        SequentialBlock net =
                new SequentialBlock().add(patchConv(dim, 16)).add(new ImageToTokens());
        for (int i = 0; i < depth; i++) {
            net.add(
                    new Residual(
                            new SequentialBlock()
                                    .add(new LastAxisLayerNorm(1e-6f))
                                    .add(linear(ffn))
                                    .add(Activation.geluBlock())
                                    .add(new SpatialGating(196))
                                    .add(linear(dim))));
        }
        return net.add(new LastAxisLayerNorm(1e-6f)).add(TokenPooling.mean()).add(linear(classes));
    }

    static Block mixer(int dim, int tok, int ch, int depth, int classes) {
        SequentialBlock net =
                new SequentialBlock().add(patchConv(dim, 16)).add(new ImageToTokens());
        for (int i = 0; i < depth; i++) {
            SequentialBlock tokenMlp =
                    new SequentialBlock()
                            .add(linear(tok))
                            .add(Activation.geluBlock())
                            .add(linear(196));
            net.add(
                    new Residual(
                            new SequentialBlock()
                                    .add(new LastAxisLayerNorm(1e-6f))
                                    .add(new TokenMixing(tokenMlp))));
            net.add(
                    new Residual(
                            new SequentialBlock()
                                    .add(new LastAxisLayerNorm(1e-6f))
                                    .add(linear(ch))
                                    .add(Activation.geluBlock())
                                    .add(linear(dim))));
        }
        return net.add(new LastAxisLayerNorm(1e-6f)).add(TokenPooling.mean()).add(linear(classes));
    }

    /** CCT encoder layer as the reference code runs it. */
    static final class CctLayer extends ComposedBlock {
        final LastAxisLayerNorm preNorm = addChildBlock("pre_norm", new LastAxisLayerNorm());
        final MultiHeadSelfAttention attn;
        final DropPath dropPath;
        final LastAxisLayerNorm norm1 = addChildBlock("norm1", new LastAxisLayerNorm());
        final Linear fc1;
        final Linear fc2;

        CctLayer(int dim, int heads, int mlp, float drop) {
            super((byte) 1);
            attn =
                    addChildBlock(
                            "self_attn",
                            MultiHeadSelfAttention.builder()
                                    .setDim(dim)
                                    .setHeads(heads)
                                    .optQkvBias(false)
                                    .build());
            dropPath = addChildBlock("drop_path", new DropPath(drop));
            fc1 = addChildBlock("linear1", linear(mlp));
            fc2 = addChildBlock("linear2", linear(dim));
        }

        @Override
        protected NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            x =
                    x.add(
                            call(
                                    dropPath,
                                    ps,
                                    call(attn, ps, call(preNorm, ps, x, training), training),
                                    training));
            x = call(norm1, ps, x, training);
            NDArray y = call(fc2, ps, Activation.gelu(call(fc1, ps, x, training)), training);
            return x.add(call(dropPath, ps, y, training));
        }
    }

    static Block cct(int layers, int heads, int dim, int ratio, int classes, int img) {
        SequentialBlock net =
                new SequentialBlock()
                        .add(
                                Conv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .optPadding(new Shape(1, 1))
                                        .setFilters(dim)
                                        .optBias(false)
                                        .build())
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)))
                        .add(new ImageToTokens())
                        .add(new LearnedPositionEmbedding(0.2f));
        for (int i = 0; i < layers; i++) {
            net.add(new CctLayer(dim, heads, dim * ratio, 0.1f * i / (layers - 1)));
        }
        return net.add(new LastAxisLayerNorm()).add(new SequencePooling()).add(linear(classes));
    }

    @Test
    void gmlpTiny() {
        Block net = init(gmlp(128, 768, 30, 1000), m, new Shape(1, 3, 224, 224));
        assertEquals(5_867_328, ModelStats.parameterCount(net));
        NDList out = forwardList(net, m, false, m.randomNormal(new Shape(1, 3, 224, 224)));
        assertOutputShapes(net, out, new Shape(1, 3, 224, 224));
        assertEquals(new Shape(1, 1000), out.singletonOrThrow().getShape());
    }

    @Test
    void mixerSmall() {
        Block net = init(mixer(512, 256, 2048, 8, 1000), m, new Shape(1, 3, 224, 224));
        assertEquals(18_528_264, ModelStats.parameterCount(net));
    }

    @Test
    void cct7x3x1TrainsOneStep() {
        Block net = cct(7, 4, 256, 2, 10, 32);
        Inits.applyTo(net, Linear.class, "weight", Inits.truncNormal(0.02f));
        Inits.applyTo(net, Linear.class, "bias", Inits.zeros());
        init(net, m, new Shape(2, 3, 32, 32));
        assertEquals(3_760_139, ModelStats.parameterCount(net));
        NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
        NDList out = forwardList(net, m, false, x);
        assertOutputShapes(net, out, new Shape(2, 3, 32, 32));
        assertEquals(new Shape(2, 10), out.singletonOrThrow().getShape());
        assertGradients(net, m, x);
    }
}
