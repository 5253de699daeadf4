package dev.vmodel.generator.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.generator.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zoo's PyTorch twin: every generated module is valid Python; and, where the Debian Python
 * has torch and the build has the support library, the small published variants build with the
 * parameter counts of {@code model-specs/published-params.csv} (the DJL side's figures) and run.
 */
class PythonZooTest {
    static final Path[] ZOO = {
        PythonCode.ZOO.resolve("gmlp.vmodel"),
        PythonCode.ZOO.resolve("mlp-mixer.vmodel"),
        PythonCode.ZOO.resolve("cct.vmodel"),
        PythonCode.ZOO.resolve("cvt.vmodel")
    };

    @Test
    void everyZooModuleCompiles(@TempDir Path dir) throws IOException {
        PythonCode code = PythonCode.generate(dir, "dev.vmodel.zoo", ZOO);
        List<String> modules = new ArrayList<>();
        for (GeneratedFile f : code.files) modules.add(f.path());
        assertTrue(modules.contains("dev/vmodel/zoo/gmlp.py"), modules.toString());
        assertTrue(modules.contains("dev/vmodel/zoo/mlp_mixer.py"), modules.toString());
        assertTrue(modules.contains("dev/vmodel/zoo/shared_mlp.py"), modules.toString());
        assertTrue(modules.contains("dev/vmodel/zoo/shared_transformer.py"), modules.toString());
        PythonCode.Result r = PythonCode.run(
                dir,
                "import ast, sys\n"
                        + "for path in sys.argv[1:]:\n"
                        + "    compile(open(path, encoding='utf-8').read(), path, 'exec', dont_inherit=True)\n"
                        + "print('compiled', len(sys.argv) - 1)\n",
                modules.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out());
        assertEquals("compiled " + modules.size(), r.out().strip());
    }

    @Test
    void smallPublishedVariantsHaveTheDjlParameterCounts(@TempDir Path dir) throws IOException {
        PythonCode code = PythonCode.generate(dir, "zoo", ZOO);
        Assumptions.assumeTrue(
                Files.isRegularFile(dir.resolve("zoo/vmodel_runtime.py")), "no vmodel_runtime.py in this build yet");
        Assumptions.assumeTrue(PythonCode.hasTorch(), "the Python has no torch");
        assertTrue(code.files.size() > 4);
        // The small variants of the CSV (the large ones take seconds to initialise): 10 or 1000 classes.
        String script = """
                import csv, importlib, sys, torch
                import zoo
                wanted = {("GMlp", "ti16"), ("MlpMixer", "s16"), ("Cct", "cct_7_3x1"), ("Cvt", "cvt_7_4")}
                for row in csv.reader(open(sys.argv[1])):
                    if not row or row[0].startswith("#") or row[0] == "file" or (row[1], row[2]) not in wanted:
                        continue
                    module, name = zoo.MODELS[row[1]].split(":")
                    cls = getattr(importlib.import_module("zoo." + module), name)
                    model = cls.variant(row[2]).eval()
                    count = sum(p.numel() for p in model.parameters())
                    with torch.no_grad():
                        out = model(torch.zeros((2,) + model.input_shape))
                    print(row[1], row[2], count, row[3], tuple(out.shape) == (2, model.num_classes))
                """;
        PythonCode.Result r = PythonCode.run(
                dir,
                script,
                PythonCode.ZOO.resolve("published-params.csv").toAbsolutePath().toString());
        assertEquals(0, r.exit(), r.out());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(4, lines.size(), r.out());
        for (String line : lines) {
            String[] f = line.split(" ");
            assertEquals(f[3], f[2], "parameters of " + f[0] + " " + f[1]);
            assertEquals("True", f[4], "output shape of " + f[0] + " " + f[1]);
        }
    }
}
