package dev.vmodel.runtime.train.optim;

import ai.djl.ndarray.types.Shape;
import java.util.Set;

/** Which parameters get weight decay: timm's rule for vision transformers and MLP mixers. */
public final class WeightDecay {

    /** Last name segments of position embeddings and tokens, which timm keeps free of decay. */
    private static final Set<String> NO_DECAY_NAMES =
            Set.of("pos_embedding", "pos_embed", "cls_token", "dist_token", "relative_position_bias_table");

    private WeightDecay() {}

    /**
     * Tells whether a parameter is decayed. As timm's {@code param_groups_weight_decay}: not for 1-D
     * or scalar parameters (norm scales and shifts, biases, layer-scale gammas), not for names
     * ending in {@code .bias}, and not for position embeddings and class tokens (last name segment
     * {@code pos_embedding}, {@code pos_embed}, {@code cls_token}, {@code dist_token}, {@code
     * relative_position_bias_table}, or one containing {@code position_embedding}).
     *
     * @param stableName the parameter's stable name ({@code blocks.0.attn.qkv.weight})
     * @param shape its shape
     * @return whether weight decay applies to it
     */
    public static boolean applies(String stableName, Shape shape) {
        if (shape.dimension() <= 1) {
            return false;
        }
        String last = stableName.substring(stableName.lastIndexOf('.') + 1);
        if (last.equals("bias")) {
            return false;
        }
        return !NO_DECAY_NAMES.contains(last) && !last.contains("position_embedding");
    }
}
