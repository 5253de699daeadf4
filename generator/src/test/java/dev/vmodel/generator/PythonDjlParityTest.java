package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.SpecModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        String interpreter = SeededForward.python();

        GeneratedCode code = GeneratedCode.of(dir.resolve("java"), spec);
        SpecModel built = GeneratedModels.build(code, model, variant, params);
        Block block = (Block) built;
        Path weights = dir.resolve("weights.safetensors");
        Path io = dir.resolve("io.safetensors");
        SeededForward.write(block, built.inputShape(2), 7, weights, io);

        List<String> kwargs = new ArrayList<>();
        params.forEach((k, v) -> kwargs.add(k + "=" + v));
        // The Java family names its twin's module: the spec's path from the folder its imports
        // share (next_swin for next/swin.vmodel, which imports ../shared/mlp.vmodel).
        String module = ModelFamilies.named(model, code.classes).twinModule();
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
        String out = SeededForward.runPython(
                List.of(interpreter, "-c", script, dir.resolve("py").toString(), weights.toString(), io.toString()));
        System.out.println(model + " " + variant + ": same shape, max |difference|, max |output|: " + out);
        String[] f = out.split(" ");
        assertEquals("True", f[0], out);
        double diff = Double.parseDouble(f[1]);
        double scale = Double.parseDouble(f[2]);
        assertTrue(scale > 1e-3, "a trivial output: " + out);
        assertTrue(diff <= 1e-5 * Math.max(1, scale), "the twin's output differs from DJL's by " + diff + ": " + out);
    }
}
