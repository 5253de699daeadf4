package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.infer.Analysis;
import dev.vmodel.semantic.model.ModelInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs from a mutation fuzz (../shared/fuzz-repros) that validated but then made the generator
 * crash or emit Java that did not compile. Each must now generate Java that compiles with every
 * lint warning on, and build in DJL with the parameter count the spec's analysis computes.
 */
class FuzzReproducersTest {
    @TempDir
    Path dir;

    private GeneratedCode generate(String spec) throws IOException {
        Path file = dir.resolve("repro.vmodel");
        Files.writeString(file, spec);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), file);
        for (ModelInstance instance : code.instances()) {
            ModelFamily family = ModelFamilies.named(instance.model(), code.classes);
            // A model without variants elaborates once, as "default": the builder's defaults.
            SpecModel model =
                    family.build(family.variants().contains(instance.variant()) ? instance.variant() : null, Map.of());
            try (NDManager manager = Engines.newBaseManager()) {
                model.initialize(manager, DataType.FLOAT32, model.inputShape(1));
                assertEquals(instance.cost().params(), ModelStats.trainableParameterCount(model), instance.variant());
            }
        }
        return code;
    }

    /** b06: the model's nested builder would be a class named like its enclosing class. */
    @Test
    void modelNamedBuilder() throws IOException {
        GeneratedCode code = generate("model Builder {\n input vector(4)\n classes 2\n linear(classes)\n}\n");
        assertTrue(code.source("Builder").contains("public static final class Builder2 {"), code.source("Builder"));
    }

    /** b06: a record component or builder setter named {@code wait} clashes with {@code Object.wait}. */
    @Test
    void paramNamedWait() throws IOException {
        GeneratedCode code = generate(
                "model M {\n param wait = 8\n input vector(4)\n classes 2\n linear(wait) -> linear(classes)\n}\n");
        assertEquals(
                Map.of("wait", 5L),
                ModelFamilies.named("M", code.classes)
                        .build(null, Map.of("wait", "5"))
                        .params());
    }

    /** b06: a static variant factory {@code toString()} cannot hide the inherited instance method. */
    @Test
    void variantNamedToString() throws IOException {
        GeneratedCode code =
                generate("model M {\n param dim = 8\n input vector(4)\n classes 2\n variant toString(dim = 4)\n"
                        + " linear(dim) -> linear(classes)\n}\n");
        assertTrue(code.source("M").contains("public static Builder toString2()"), code.source("M"));
        assertEquals(
                Map.of("dim", 4L),
                ModelFamilies.named("M", code.classes)
                        .build("toString", Map.of())
                        .params());
    }

    /** b07: a param named like the generated code's input local. */
    @Test
    void paramNamedX() throws IOException {
        generate("model M {\n param x = 8\n input vector(4)\n classes 2\n linear(x) -> linear(classes)\n}\n");
    }

    /** b10: a dollar in a doc comment came out doubled. */
    @Test
    void dollarInDocComment() throws IOException {
        GeneratedCode code =
                generate("/** costs $5 */\nmodel M {\n input vector(4)\n classes 2\n linear(classes)\n}\n");
        assertTrue(code.source("M").contains(" * costs $5\n"), code.source("M"));
        assertFalse(code.source("M").contains("$$"), code.source("M"));
    }

    /** b13: the softmax lambda's parameter shadowed the constructor's local. */
    @Test
    void softmaxInAModelConstructor() throws IOException {
        generate(
                "model M {\n input tokens(4, 8)\n classes 2\n attention(heads = 2) -> softmax -> pool(mean) -> linear(classes)\n}\n");
    }

    /** b14: 128 long params are 256 argument slots, over the JVM's 255 for the config's constructor. */
    @Test
    void manyParams() throws IOException {
        StringBuilder spec = new StringBuilder("model M {\n");
        for (int i = 0; i < 128; i++) spec.append(" param p").append(i).append(" = 1\n");
        spec.append(" input vector(4)\n classes 2\n linear(classes * p127)\n}\n");
        GeneratedCode code = generate(spec.toString());
        assertEquals(
                3L,
                ModelFamilies.named("M", code.classes)
                        .build(null, Map.of("p5", "3"))
                        .params()
                        .get("p5"));
    }

    /** b14: a 5,000-layer chain made the constructor and {@code flow} over 64 KB of bytecode. */
    @Test
    void longChain() throws IOException {
        StringBuilder spec = new StringBuilder("model M {\n input vector(4)\n classes 2\n linear(4)");
        for (int i = 0; i < 5000; i++) spec.append(" -> relu");
        spec.append(" -> linear(classes)\n}\n");
        generate(spec.toString());
    }

    /** 50 nested repeats: each body's class was named after the enclosing one, past the file system's limit. */
    @Test
    void deeplyNestedRepeats() throws IOException {
        String spec = "model M {\n input vector(4)\n classes 2\n" + "repeat 1 { linear(4) -> relu -> ".repeat(50)
                + "relu" + " }".repeat(50) + " -> linear(classes)\n}\n";
        GeneratedCode code = generate(spec);
        for (GeneratedFile f : code.files) {
            if (f.kind() == GeneratedFile.Kind.SOURCE)
                assertTrue(Path.of(f.path()).getFileName().toString().length() < 20, f.path());
        }
        assertTrue(code.source("MLayer50").contains("class MLayer50"));
    }

    /** b04: a block no model uses is not generated (the front end warns; nothing checked it against an input). */
    @Test
    void unusedBlockIsNotGenerated() throws IOException {
        GeneratedCode code =
                generate("model M {\n input vector(4)\n classes 2\n linear(classes)\n}\nblock B { linear(4) }\n");
        assertEquals(
                java.util.List.of(
                        "dev/vmodel/models/M.java", "dev/vmodel/models/MTraining.java", Generator.FAMILY_SERVICES),
                code.files.stream().map(GeneratedFile::path).toList());
    }

    /**
     * b05 and b08 validated, then broke the generator. They no longer reach it: the front end
     * reports them where they are written, so {@code generate} (which validates first) writes
     * nothing and says why.
     */
    @Test
    void invalidDefaultsAndFloatsOutOfRangeAreRefusedBeforeGeneration() throws IOException {
        assertEquals(
                "repro.vmodel:2:18: error: division by zero: the right side of '/' evaluates to 0 [vmodel.division-by-zero]",
                firstError("model M {\n param dim = 1 / 0\n input vector(4)\n classes 2\n variant a(dim = 8)\n"
                        + " linear(dim) -> linear(classes)\n}\n"));
        assertTrue(firstError("model M {\n param dim = false\n input vector(4)\n classes 2\n variant a(dim = 8)\n"
                        + " linear(dim) -> linear(classes)\n}\n")
                .matches("repro\\.vmodel:\\d+:\\d+: error: .*\\[vmodel\\.type-mismatch\\]"));
        assertTrue(firstError(
                        "model M {\n input tokens(4, 8)\n classes 2\n"
                                + " scale(init = constant(1e39)) -> layerNorm(eps = 1e-50) -> pool(mean) -> linear(classes)\n}\n")
                .matches("repro\\.vmodel:4:\\d+: error: .*\\[vmodel\\.number-too-large\\]"));
    }

    private String firstError(String spec) throws IOException {
        Path file = dir.resolve("repro.vmodel");
        Files.writeString(file, spec);
        LoadResult loaded = GeneratedCode.LOADER.load(file);
        List<Diagnostic> errors = new ArrayList<>(loaded.diagnostics());
        if (!loaded.hasErrors())
            errors.addAll(Analysis.analyze(loaded.program()).diagnostics());
        return errors.stream()
                .filter(Diagnostic::isError)
                .findFirst()
                .orElseThrow()
                .format()
                .replace(dir.toString() + java.io.File.separator, "");
    }
}
