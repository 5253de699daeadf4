package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.StableNames;
import dev.vmodel.runtime.train.io.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The DJL side of a check against a Python implementation (the PyTorch twin, a transcription of
 * timm): a generated model gets seeded random weights, not its initialisers, so that no
 * zero-initialised head or 1e-5 LayerScale can hide a path; they are saved by their stable names,
 * with a seeded input {@code x} and the model's output {@code y}, for the Python side to load.
 */
final class SeededForward {
    private SeededForward() {}

    /**
     * Writes {@code weights} and {@code io} (x, y) for a batch of two; returns y's shape.
     *
     * @param seed the seed of the weights, then of the input
     */
    static Shape write(Block block, Shape input, long seed, Path weights, Path io) throws IOException {
        try (NDManager m = Engines.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, input);
            Random random = new Random(seed);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> p : StableNames.parameters(block).entrySet()) {
                NDArray a = p.getValue().getArray();
                float[] values = new float[(int) a.size()];
                boolean variance = p.getKey().endsWith("running_var");
                for (int i = 0; i < values.length; i++) {
                    values[i] = variance ? 0.5f + random.nextFloat() : (float) (0.3 * random.nextGaussian());
                }
                a.set(values);
                tensors.put(p.getKey(), a);
            }
            SafeTensors.write(weights, tensors, Map.of());
            float[] xs = new float[(int) input.size()];
            for (int i = 0; i < xs.length; i++) xs[i] = (float) random.nextGaussian();
            NDArray x = m.create(xs, input);
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            SafeTensors.write(io, Map.of("x", x, "y", y), Map.of());
            return y.getShape();
        }
    }

    /**
     * Runs a Python command to its end (two minutes at most) and returns what it printed; the test
     * is skipped where that Python has no torch, and fails on any other non-zero exit.
     */
    static String runPython(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Assumptions.assumeFalse(out.contains("No module named 'torch'"), "the Python has no torch");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    /** {@code $VMODEL_PYTHON}, else Debian's Python (which has torch); the test is skipped without it. */
    static String python() {
        String env = System.getenv("VMODEL_PYTHON");
        String python = env != null && !env.isBlank() ? env : "/usr/bin/python3";
        Assumptions.assumeTrue(Files.isExecutable(Path.of(python)), "no Python at " + python);
        return python;
    }
}
