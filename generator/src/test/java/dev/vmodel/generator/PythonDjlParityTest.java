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
import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.model.StableNames;
import dev.vmodel.runtime.train.io.SafeTensors;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PyTorch twin computes what the DJL model computes: a generated DJL model with seeded
 * weights saves them (by their stable names) with an input and its output; the generated Python
 * module of the same spec loads them with {@code vr.load_weights} (which refuses any name or shape
 * that differs) and must give the same output. Needs the Debian Python with torch and the support
 * library in the build; skipped otherwise.
 */
class PythonDjlParityTest {
    static final Path TWIN = Path.of("src/test/resources/golden-python/twin.vmodel");

    @ParameterizedTest(name = "{1} {2} {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "twin.vmodel      | Twin     | narrow    | depth=3",
                "gmlp.vmodel      | GMlp     | ti16      | depth=2 imageSize=32 patch=8",
                "mlp-mixer.vmodel | MlpMixer | s16       | depth=2 imageSize=32 patch=8 dim=64 tokenMlp=32 channelMlp=96",
                "cct.vmodel       | Cct      | cct_7_3x2 | layers=2 dim=64",
                "cvt.vmodel       | Cvt      | cvt_7_4   | layers=2 dim=64",
                "new-architectures/resmlp.vmodel  | ResMlp    | s12    | depth=2 dim=48 imageSize=32",
                "new-architectures/tiny-vit.vmodel | TinyVit  | narrow | depth=2",
                "training/digits-vit.vmodel       | DigitsVit | tiny   | depth=2",
                "new-architectures/shifted-windows.vmodel | Tiny | shifted | dim=16",
                "new-architectures/shifted-windows.vmodel | Tiny | plain   | dim=16",
                "next/swin.vmodel | Swin | mini | numClasses=10",
                "next/cait.vmodel | Cait | mini | numClasses=10",
                "next/xcit.vmodel | Xcit | mini | numClasses=10"
            })
    void twinGivesTheDjlOutput(String file, String model, String variant, String overrides, @TempDir Path dir)
            throws IOException {
        Path spec = file.equals("twin.vmodel")
                ? TWIN
                : file.contains("/") && !file.startsWith("next/")
                        ? Path.of("src/test/resources", file)
                        : GeneratedZooTest.ZOO.resolve(file);
        Map<String, Number> params = new LinkedHashMap<>();
        for (String kv : overrides.strip().split(" ")) {
            String[] p = kv.split("=");
            params.put(p[0], Long.parseLong(p[1]));
        }
        VModelRun.Result python = VModelRun.builder()
                .specs(List.of(spec))
                .packageName("twin")
                .sourceOutput(dir.resolve("unused"))
                .pythonOutput(dir.resolve("py"))
                .target(Target.PYTORCH)
                .build()
                .generate();
        assertTrue(!python.hasErrors(), python.diagnostics().toString());
        Assumptions.assumeTrue(
                Files.isRegularFile(dir.resolve("py/twin/vmodel_runtime.py")), "no vmodel_runtime.py in this build");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(python())), "no Python at " + python());

        GeneratedCode code = GeneratedCode.of(dir.resolve("java"), spec);
        SpecModel built = GeneratedModels.build(code, model, variant, params);
        Block block = (Block) built;
        Path weights = dir.resolve("weights.safetensors");
        Path io = dir.resolve("io.safetensors");
        try (NDManager m = Engines.newBaseManager()) {
            Shape input = built.inputShape(2);
            block.initialize(m, DataType.FLOAT32, input);
            Random random = new Random(7);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> p : StableNames.parameters(block).entrySet()) {
                NDArray a = p.getValue().getArray();
                float[] values = new float[(int) a.size()];
                boolean variance = p.getKey().endsWith("running_var");
                for (int i = 0; i < values.length; i++) {
                    // Seeded, not the initialisers: no zero-initialised head may hide a path.
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
        }

        List<String> kwargs = new ArrayList<>();
        params.forEach((k, v) -> kwargs.add(k + "=" + v));
        // Modules are named by the spec's path from the folder its imports share (next_swin for
        // next/swin.vmodel, which imports ../shared/mlp.vmodel): the one defining the model.
        String module;
        try (var files = Files.list(dir.resolve("py/twin"))) {
            module = files.filter(f -> {
                        try {
                            return Files.readString(f).contains("\nclass " + model + "(");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(f -> f.getFileName().toString().replace(".py", ""))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no module defines " + model));
        }
        String script = String.join(
                "\n",
                "import sys, torch",
                "sys.path.insert(0, sys.argv[1])",
                "from twin import vmodel_runtime as vr",
                "from twin." + module + " import " + model,
                "m = " + model + ".variant(\"" + variant + "\", " + String.join(", ", kwargs) + ").eval()",
                "vr.load_weights(m, sys.argv[2])",
                "io, _ = vr.load_safetensors(sys.argv[3])",
                "with torch.no_grad():",
                "    y = m(io['x'])",
                "print(tuple(y.shape) == tuple(io['y'].shape), float((y - io['y']).abs().max()),"
                        + " float(io['y'].abs().max()))");
        Process p = new ProcessBuilder(
                        python(), "-c", script, dir.resolve("py").toString(), weights.toString(), io.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Assumptions.assumeFalse(out.contains("No module named 'torch'"), "the Python has no torch");
        assertEquals(0, p.exitValue(), out);
        System.out.println(model + " " + variant + ": same shape, max |difference|, max |output|: " + out.strip());
        String[] f = out.strip().split(" ");
        assertEquals("True", f[0], out);
        double diff = Double.parseDouble(f[1]);
        double scale = Double.parseDouble(f[2]);
        assertTrue(scale > 1e-3, "a trivial output: " + out);
        assertTrue(diff <= 1e-5 * Math.max(1, scale), "the twin's output differs from DJL's by " + diff + ": " + out);
    }

    private static String python() {
        String env = System.getenv("VMODEL_PYTHON");
        return env != null && !env.isBlank() ? env : "/usr/bin/python3";
    }
}
