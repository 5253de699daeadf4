package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Shape checks and array scoping shared by the blocks. */
final class Shapes {

    private Shapes() {}

    /**
     * Checks that {@code s} is tokens {@code [B, N, D]}.
     *
     * @param s the shape
     * @param what the operation, for the message
     * @return {@code s}
     */
    static Shape requireTokens(Shape s, String what) {
        if (s.dimension() != 3) {
            throw new IllegalArgumentException(what + " needs tokens [B, N, D]; got " + s);
        }
        return s;
    }

    /**
     * Checks that {@code s} is an image {@code [B, C, H, W]}.
     *
     * @param s the shape
     * @param what the operation, for the message
     * @return {@code s}
     */
    static Shape requireImage(Shape s, String what) {
        if (s.dimension() != 4) {
            throw new IllegalArgumentException(what + " needs an image [B, C, H, W]; got " + s);
        }
        return s;
    }

    /**
     * Moves an array derived from a parameter (a reshape, a broadcast) into the manager of the
     * input it will be combined with. The PyTorch engine attaches a result to the manager of the
     * operation's first operand; for {@code param.reshape(...)} that is the model's long-lived
     * manager, which would then grow by one array per forward pass.
     *
     * @param derived a new array computed from a parameter; never the parameter itself
     * @param input the block's input, whose manager is scoped to the current step
     * @return {@code derived}
     */
    static NDArray inScopeOf(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
    }
}
