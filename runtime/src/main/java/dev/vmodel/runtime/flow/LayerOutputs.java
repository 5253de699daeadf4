package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import dev.vmodel.runtime.model.StableNames;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The output of every child a generated model applies, by its stable name ({@code blocks.0.attn}),
 * in the order the forward pass computes them: what a parity check compares layer by layer to find
 * the first layer where two implementations part.
 *
 * <p>Recording is off unless {@link #record} runs a pass on this thread; a forward pass otherwise
 * pays one thread-local read per layer.
 */
public final class LayerOutputs {

    private static final ThreadLocal<LayerOutputs> ACTIVE = new ThreadLocal<>();

    private final Map<Block, String> names = new IdentityHashMap<>();
    private final Map<String, NDArray> outputs = new LinkedHashMap<>();

    private LayerOutputs(Block root) {
        index(root, "");
    }

    /**
     * Runs {@code pass} (a forward pass of {@code root}) and returns, with its result, the output of
     * every child block applied, by stable name, in order. A child applied twice keeps its last
     * output.
     *
     * @param root the model
     * @param pass the forward pass
     * @param <T> its result
     * @return the result and the outputs
     */
    public static <T> Recorded<T> record(Block root, Supplier<T> pass) {
        LayerOutputs r = new LayerOutputs(root);
        LayerOutputs previous = ACTIVE.get();
        ACTIVE.set(r);
        try {
            T result = pass.get();
            return new Recorded<>(result, r.outputs);
        } finally {
            if (previous == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(previous);
            }
        }
    }

    /** Whether a pass on this thread is being recorded. */
    static boolean recording() {
        return ACTIVE.get() != null;
    }

    /** Called by the forward flow after each child block. */
    static void applied(Block block, NDList out) {
        LayerOutputs r = ACTIVE.get();
        if (r == null || out.size() != 1) {
            return;
        }
        String name = r.names.get(block);
        if (name != null) {
            r.outputs.remove(name);
            r.outputs.put(name, out.singletonOrThrow());
        }
    }

    private void index(Block block, String prefix) {
        for (Pair<String, Block> child : block.getChildren()) {
            String name = prefix + StableNames.childName(child.getKey());
            names.put(child.getValue(), name);
            index(child.getValue(), name + ".");
        }
    }

    /**
     * A pass's result and the layer outputs it produced.
     *
     * @param result what the pass returned
     * @param outputs each child's output by stable name, in the order they were computed
     * @param <T> the result's type
     */
    public record Recorded<T>(T result, Map<String, NDArray> outputs) {}
}
