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
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.model.StableNames;
import dev.vmodel.runtime.train.io.SafeTensors;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ModelInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12's models, generated as DJL code, compute what timm 0.9.16 computes: a variant gets
 * seeded random weights (not its initialisers, so that LayerScale's 1e-5 or a zero-initialised
 * head cannot hide a path), and its logits are held to timm's forward pass transcribed in float64
 * PyTorch (src/test/resources/next/timm_reference.py), which takes the same weights in model order
 * and checks each one's name. The shifted-window mask, the relative position bias, patch merging's
 * order, talking heads, class attention, XCA, LPI and the Fourier features all reach the logits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NextZooTimmReferenceTest {
    static final Path REFERENCE = Path.of("src/test/resources/next/timm_reference.py");

    GeneratedCode code;

    @BeforeAll
    void generateAndCompile(@TempDir Path dir) {
        code = GeneratedCode.of(
                dir,
                NextZoo.DIR.resolve("swin.vmodel"),
                NextZoo.DIR.resolve("cait.vmodel"),
                NextZoo.DIR.resolve("xcit.vmodel"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource({"swin.vmodel, Swin, mini", "cait.vmodel, Cait, mini", "xcit.vmodel, Xcit, mini"})
    void logitsAreTimms(String file, String model, String variant, @TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(python())), "no Python at " + python());
        ModelInstance instance = NextZoo.variant(file, variant);
        SpecModel built = GeneratedModels.build(code, model, variant, Map.of());
        Block block = (Block) built;
        Path weights = dir.resolve("weights.safetensors");
        Path io = dir.resolve("io.safetensors");
        try (NDManager m = Engines.newBaseManager()) {
            Shape input = built.inputShape(2);
            block.initialize(m, DataType.FLOAT32, input);
            Random random = new Random(12);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> p : StableNames.parameters(block).entrySet()) {
                NDArray a = p.getValue().getArray();
                float[] values = new float[(int) a.size()];
                boolean variance = p.getKey().endsWith("running_var");
                for (int i = 0; i < values.length; i++)
                    values[i] = variance ? 0.5f + random.nextFloat() : (float) (0.3 * random.nextGaussian());
                a.set(values);
                tensors.put(p.getKey(), a);
            }
            SafeTensors.write(weights, tensors, Map.of());
            float[] xs = new float[(int) input.size()];
            for (int i = 0; i < xs.length; i++) xs[i] = (float) random.nextGaussian();
            NDArray x = m.create(xs, input);
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, instance.classes()), y.getShape());
            SafeTensors.write(io, Map.of("x", x, "y", y), Map.of());
        }

        List<String> command =
                new ArrayList<>(List.of(python(), REFERENCE.toString(), model, weights.toString(), io.toString()));
        instance.params().forEach((name, value) -> {
            if (value instanceof Value.Int i) command.add(name + "=" + i.value());
        });
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
        String[] f = out.strip().split(" ");
        double diff = Double.parseDouble(f[0]);
        double scale = Double.parseDouble(f[1]);
        System.out.println(model + " " + variant + ": max |DJL - timm|, max |logit|: " + out.strip());
        assertTrue(scale > 0.1, "a trivial output: " + out);
        assertTrue(diff <= 1e-5 * Math.max(1, scale), "DJL's logits differ from timm's by " + diff + ": " + out);
    }

    private static String python() {
        String env = System.getenv("VMODEL_PYTHON");
        return env != null && !env.isBlank() ? env : "/usr/bin/python3";
    }
}
