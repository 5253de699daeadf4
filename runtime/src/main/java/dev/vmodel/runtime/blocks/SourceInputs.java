package dev.vmodel.runtime.blocks;

import java.util.function.Supplier;

/** The check that a source block ({@link Weight}, {@link ConstTable}) is given no input. */
final class SourceInputs {

    private SourceInputs() {}

    /**
     * Checks that a source got no input.
     *
     * @param inputs how many inputs it was given
     * @param what the block, for the message
     * @throws IllegalArgumentException if there were any
     */
    static void requireNone(int inputs, Supplier<String> what) {
        if (inputs != 0) {
            throw new IllegalArgumentException(
                    what.get() + " takes no input (it starts a dataflow, run it with Flow.source), got " + inputs);
        }
    }
}
