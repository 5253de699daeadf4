package dev.vmodel.runtime.train.optim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class WeightDecayTest {

    @Test
    void matricesAreDecayed() {
        assertTrue(WeightDecay.applies("blocks.0.attn.qkv.weight", new Shape(576, 192)));
        assertTrue(WeightDecay.applies("head.weight", new Shape(10, 192)));
        assertTrue(WeightDecay.applies("patch_embed.proj.weight", new Shape(192, 3, 16, 16)));
    }

    @Test
    void vectorsScalarsAndBiasesAreNot() {
        assertFalse(WeightDecay.applies("norm.weight", new Shape(192)));
        assertFalse(WeightDecay.applies("blocks.0.ls1.gamma", new Shape(192)));
        assertFalse(WeightDecay.applies("temperature", new Shape()));
        // a 2-D bias (as some token mixers have) is still a bias
        assertFalse(WeightDecay.applies("blocks.0.mlp_tokens.bias", new Shape(1, 196)));
    }

    @Test
    void positionEmbeddingsAndTokensAreNot() {
        assertFalse(WeightDecay.applies("pos_embed.pos_embedding", new Shape(1, 197, 192)));
        assertFalse(WeightDecay.applies("pos_embed", new Shape(1, 197, 192)));
        assertFalse(WeightDecay.applies("cls_token", new Shape(1, 1, 192)));
        assertFalse(WeightDecay.applies("blocks.dist_token", new Shape(1, 1, 192)));
        assertFalse(WeightDecay.applies("blocks.0.attn.relative_position_bias_table", new Shape(732, 6)));
        assertFalse(WeightDecay.applies("embed.learned_position_embedding", new Shape(1, 64, 32)));
    }
}
