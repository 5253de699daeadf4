package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ModelInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        String python = SeededForward.python();
        ModelInstance instance = NextZoo.variant(file, variant);
        SpecModel built = GeneratedModels.build(code, model, variant, Map.of());
        Block block = (Block) built;
        Path weights = dir.resolve("weights.safetensors");
        Path io = dir.resolve("io.safetensors");
        Shape logits = SeededForward.write(block, built.inputShape(2), 12, weights, io);
        assertEquals(new Shape(2, instance.classes()), logits);

        List<String> command =
                new ArrayList<>(List.of(python, REFERENCE.toString(), model, weights.toString(), io.toString()));
        instance.params().forEach((name, value) -> {
            if (value instanceof Value.Int i) command.add(name + "=" + i.value());
        });
        String out = SeededForward.runPython(command);
        String[] f = out.split(" ");
        double diff = Double.parseDouble(f[0]);
        double scale = Double.parseDouble(f[1]);
        System.out.println(model + " " + variant + ": max |DJL - timm|, max |logit|: " + out);
        assertTrue(scale > 0.1, "a trivial output: " + out);
        assertTrue(diff <= 1e-5 * Math.max(1, scale), "DJL's logits differ from timm's by " + diff + ": " + out);
    }
}
