package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated models as the runtime's tools see them: found through the generated
 * {@code META-INF/services} registration, built from text, described by params and variants, and
 * with parameters under stable names derived from the spec.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelContractTest {
    static final String SPEC = """
            /** A small transformer. */
            model Net {
              /** Width of every token. */
              param dim = 8
              param wide = 12
              param rate = 0.0
              param bias = true
              input tokens(4, dim)
              classes 3
              variant big(dim = wide * 2)
              variant plain(bias = false)
              linear(dim, bias = bias) -> repeat 2 {
                residual { layerNorm -> attention(heads = 2) -> dropPath(rate) }
                -> residual { layerNorm -> Mlp(2 * dim) }
              } -> layerNorm -> pool(mean) -> linear(classes)
            }

            block Mlp(hidden, out = channels) {
              linear(hidden) -> gelu -> linear(out)
            }
            """;

    GeneratedCode code;
    ModelFamily family;

    @BeforeAll
    void generate(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("net.vmodel");
        Files.writeString(spec, SPEC);
        code = GeneratedCode.of(dir.resolve("out"), spec);
        family = ModelFamilies.named("Net", code.classes);
    }

    @Test
    void familyIsRegisteredAndDescribesTheSpec() {
        assertEquals(
                List.of("Net"),
                ModelFamilies.all(code.classes).stream().map(ModelFamily::name).toList());
        assertEquals("net.vmodel:2", family.source());
        assertEquals(List.of("big", "plain"), family.variants());
        assertEquals(
                List.of(
                        new ModelFamily.ParamInfo("dim", "long", "8", "Width of every token."),
                        new ModelFamily.ParamInfo("wide", "long", "12", null),
                        new ModelFamily.ParamInfo("rate", "double", "0.0", null),
                        new ModelFamily.ParamInfo("bias", "boolean", "true", null)),
                family.params());
        assertTrue(code.files.stream()
                .anyMatch(f -> f.kind() == GeneratedFile.Kind.RESOURCE
                        && f.path().equals("META-INF/services/dev.vmodel.runtime.model.ModelFamily")
                        && f.content().equals("dev.vmodel.models.Net$Family\n")));
    }

    /** A variant binding over another param: generate used to crash with "unknown name 'wide'". */
    @Test
    void variantBindingAnExpressionTakesTheElaboratedValue() {
        SpecModel big = family.build("big", Map.of());
        assertEquals(Map.of("dim", 24L, "wide", 12L, "rate", 0.0, "bias", true), big.params());
        assertEquals(
                24L,
                family.build("big", Map.of("wide", "50")).params().get("dim"),
                "a variant binds a value, not a formula");
    }

    @Test
    void overridesAreParsedIntoTheParamsTypes() {
        SpecModel m = family.build(null, Map.of("dim", "16", "rate", "0.1", "bias", "false"));
        assertEquals(Map.of("dim", 16L, "wide", 12L, "rate", 0.1, "bias", false), m.params());
        assertEquals(
                List.of("dim", "wide", "rate", "bias"), List.copyOf(m.params().keySet()));
        assertEquals(16, m.inputShape(2).get(2));
        assertEquals(3, m.classes());
        assertEquals(family, m.family());
    }

    @Test
    void badOverridesAreOneLineMessages() {
        assertEquals(
                "unknown param 'depth' of Net; known: dim, wide, rate, bias",
                assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("depth", "2")))
                        .getMessage());
        assertEquals(
                "param 'dim' of Net takes a whole number (long), not '8.5'",
                assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("dim", "8.5")))
                        .getMessage());
        assertEquals(
                "param 'rate' of Net takes a number (double), not 'high'",
                assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("rate", "high")))
                        .getMessage());
        assertEquals(
                "param 'bias' of Net takes true or false, not 'yes'",
                assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("bias", "yes")))
                        .getMessage());
        assertEquals(
                "unknown variant 'huge' of Net; known: [big, plain]",
                assertThrows(IllegalArgumentException.class, () -> family.build("huge", Map.of()))
                        .getMessage());
    }

    /** The names saved weights are keyed by: roles from the spec, repeats as {@code blocks.<i>}. */
    @Test
    void parametersHaveStableNamesFromTheSpec() {
        SpecModel m = family.build(null, Map.of());
        try (NDManager manager = Engines.newBaseManager()) {
            m.initialize(manager, DataType.FLOAT32, m.inputShape(1));
            List<String> block = List.of(
                    "norm1.weight",
                    "norm1.bias",
                    "attn.qkv.weight",
                    "attn.proj.weight",
                    "attn.proj.bias",
                    "norm2.weight",
                    "norm2.bias",
                    "mlp.fc1.weight",
                    "mlp.fc1.bias",
                    "mlp.fc2.weight",
                    "mlp.fc2.bias");
            List<String> expected = new java.util.ArrayList<>(List.of("fc1.weight", "fc1.bias"));
            for (int i = 0; i < 2; i++) for (String p : block) expected.add("blocks." + i + "." + p);
            expected.addAll(List.of("norm.weight", "norm.bias", "fc2.weight", "fc2.bias"));
            assertEquals(expected, List.copyOf(m.parametersByName().keySet()));
        }
    }

    @Test
    void everyVariantCountsInDjlWhatTheSpecCounts() {
        assertEquals(2, code.instances().size());
        for (var instance : code.instances()) {
            SpecModel m = family.build(instance.variant(), Map.of());
            try (NDManager manager = Engines.newBaseManager()) {
                m.initialize(manager, DataType.FLOAT32, m.inputShape(1));
                assertEquals(instance.cost().params(), ModelStats.trainableParameterCount(m), instance.variant());
            }
        }
    }
}
