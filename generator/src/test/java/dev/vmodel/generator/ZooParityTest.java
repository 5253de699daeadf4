package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.parity.ParityCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every zoo variant, at reduced depth, computes the same function in DJL and in its generated
 * PyTorch twin: the DJL model's weights loaded into the twin give the same logits (1e-5 relative)
 * and the same input gradient (1e-4 relative), through {@code vmodel parity} itself. Prints the
 * parity table.
 */
class ZooParityTest {

    static final Path ZOO = Path.of("../model-specs");

    /** Each zoo model's depth param, cut to 2 layers. */
    static final Map<String, String> DEPTH =
            Map.of("GMlp", "depth", "MlpMixer", "depth", "Cct", "layers", "Cvt", "layers");

    @Test
    void everyZooVariantAtReducedDepthMatchesItsTwin(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/python3")) || System.getenv("VMODEL_PYTHON") != null);
        GeneratedCode.Twin twin = GeneratedCode.twin(
                dir,
                "parity.zoo",
                ZOO.resolve("gmlp.vmodel"),
                ZOO.resolve("mlp-mixer.vmodel"),
                ZOO.resolve("cct.vmodel"),
                ZOO.resolve("cvt.vmodel"));
        ClassLoader classes = twin.classes();

        List<String> table = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(classes);
        try {
            for (String model : List.of("GMlp", "MlpMixer", "Cct", "Cvt")) {
                ModelFamily family = dev.vmodel.runtime.model.ModelFamilies.named(model, classes);
                for (String variant : family.variants()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int status = ParityCli.run(
                            new String[] {
                                "--model",
                                model,
                                "--variant",
                                variant,
                                "--param",
                                DEPTH.get(model) + "=2",
                                "--python",
                                twin.python().toString()
                            },
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
                    String line = (out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).strip();
                    table.add(line);
                    if (status != 0) {
                        failures.add(line);
                    }
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        System.out.println(String.join("\n", table));
        assertEquals(List.of(), failures, String.join("\n", table));

        // A twin that computes something else is caught, and the first layer that differs is named:
        // the first layer norm of gMLP's blocks gets another epsilon.
        Path gmlp = twin.python().resolve("parity/zoo/gmlp.py");
        String source = Files.readString(gmlp);
        assertTrue(source.contains("eps=1e-06"), "gmlp.py has no eps=1e-06 to change");
        Files.writeString(gmlp, source.replaceFirst("eps=1e-06", "eps=0.5"));
        Thread.currentThread().setContextClassLoader(classes);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = ParityCli.run(
                    new String[] {
                        "--model",
                        "GMlp",
                        "--variant",
                        "ti16",
                        "--param",
                        "depth=2",
                        "--python",
                        twin.python().toString()
                    },
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);
            String report = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, report);
            assertTrue(report.contains("FAIL") && report.contains("first layer that differs: blocks.0.norm "), report);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
