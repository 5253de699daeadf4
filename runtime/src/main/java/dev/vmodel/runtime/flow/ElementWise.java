package dev.vmodel.runtime.flow;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import dev.vmodel.runtime.blocks.HardSwish;
import dev.vmodel.runtime.blocks.Silu;
import dev.vmodel.runtime.blocks.Times;
import java.util.Set;

/**
 * The layers the generator emits that compute each element from that element alone, so that they
 * give the same result on any layout of their input: on the token-major array of transposed tokens
 * ({@link TransposedTokens}), or on each part of a linear computed in channel parts ({@link
 * ChannelParts}; the generator's {@code LinearsInParts} allows the same layers there).
 */
final class ElementWise {

    /** The names of DJL's {@link Activation} blocks that the generator emits. */
    private static final Set<String> ACTIVATIONS = Set.of(
            name(Activation.geluBlock()),
            name(Activation.reluBlock()),
            name(Activation.tanhBlock()),
            name(Activation.sigmoidBlock()));

    private ElementWise() {}

    /** Whether {@code block} is one of the element-wise layers. */
    static boolean is(Block block) {
        return block instanceof Silu
                || block instanceof HardSwish
                || block instanceof Times
                || (block instanceof LambdaBlock lambda && ACTIVATIONS.contains(lambda.getName()));
    }

    private static String name(Block activation) {
        return ((LambdaBlock) activation).getName();
    }
}
