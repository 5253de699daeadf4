package dev.vmodel.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** The seed zoo in model-specs/: valid, every variant present, published parameter counts exact. */
class ZooSpecTest {
    static final Path ZOO = Path.of("../../model-specs");

    private static List<ModelInstance> instances(String file) {
        SpecFixture.Checked c = new SpecFixture(ZOO).check(ZOO.resolve(file));
        assertTrue(c.diagnostics().isEmpty(), file + " should validate with no issue:\n" + c.listing());
        return c.instances();
    }

    private static ModelInstance variant(String file, String variant) {
        return instances(file).stream()
                .filter(m -> m.variant().equals(variant))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no variant " + variant + " in " + file));
    }

    @Test
    void everyZooFileValidatesWithNoIssue() throws IOException {
        try (Stream<Path> files = Files.walk(ZOO)) {
            List<Path> specs = files.filter(p ->
                            p.toString().endsWith(".vmodel") && !p.toString().contains("target"))
                    .sorted()
                    .toList();
            // The seed zoo's four and shared/'s two, and the next zoo's three and its lib/ file.
            assertEquals(10, specs.size(), specs.toString());
            for (Path p : specs) {
                SpecFixture.Checked c = new SpecFixture(ZOO).check(p);
                assertTrue(c.diagnostics().isEmpty(), p + ":\n" + c.listing());
            }
        }
    }

    @Test
    void everyFamilyHasItsVariants() {
        Map<String, List<String>> expected = Map.of(
                "gmlp.vmodel", List.of("ti16", "s16", "b16", "small", "base", "large"),
                "mlp-mixer.vmodel", List.of("s16", "b16", "l16", "small", "base", "large"),
                "cct.vmodel", List.of("cct_7_3x1", "cct_7_3x2", "cct_14_7x2", "small", "base", "large"),
                "cvt.vmodel", List.of("cvt_7_4", "cvt_7_8", "small", "base", "large"));
        expected.forEach((file, variants) -> assertEquals(
                variants, instances(file).stream().map(ModelInstance::variant).collect(Collectors.toList()), file));
    }

    /** DESIGN.md's reference counts, kept once beside the zoo. */
    @ParameterizedTest(name = "{1} {2} = {3}")
    @CsvFileSource(files = "../../model-specs/published-params.csv", numLinesToSkip = 1)
    void publishedParameterCounts(String file, String model, String variant, long params) {
        assertEquals(params, variant(file, variant).cost().params());
    }

    @Test
    void benchmarkGridShapes() {
        ModelInstance mixerLarge = variant("mlp-mixer.vmodel", "large");
        assertEquals(
                Map.of("dim", 1024L, "depth", 32L, "tokenMlp", 512L, "channelMlp", 4096L),
                Map.of(
                        "dim",
                        intParam(mixerLarge, "dim"),
                        "depth",
                        intParam(mixerLarge, "depth"),
                        "tokenMlp",
                        intParam(mixerLarge, "tokenMlp"),
                        "channelMlp",
                        intParam(mixerLarge, "channelMlp")));
        ModelInstance cctBase = variant("cct.vmodel", "base");
        assertEquals(8L, intParam(cctBase, "heads"));
        assertEquals(Shape.image(3, 32, 32), cctBase.input());
        assertEquals(Shape.vector(10), cctBase.output());
        assertEquals(Shape.image(3, 224, 224), variant("gmlp.vmodel", "large").input());
    }

    @Test
    void attentionProductsAreCountedSeparately() {
        ModelInstance cct = variant("cct.vmodel", "cct_7_3x1");
        // 7 layers of QK^T and AV over 256 tokens of width 256: 2 * N^2 * D each.
        assertEquals(7L * 2 * 256 * 256 * 256, cct.cost().attentionMacs());
        assertEquals(0, variant("gmlp.vmodel", "ti16").cost().attentionMacs());
    }

    private static long intParam(ModelInstance m, String name) {
        return ((dev.vmodel.semantic.eval.Value.Int) m.params().get(name)).value();
    }

    /** The seed grid's 10 heads at width 512 is rejected, at the attention, naming both numbers. */
    @Test
    void tenHeadsAtWidth512IsRejected(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("zoo");
        try (Stream<Path> files = Files.walk(ZOO)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(ZOO.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        Path cct = copy.resolve("cct.vmodel");
        String text = Files.readString(cct);
        assertTrue(text.contains("variant base(layers = 10, heads = 8, dim = 512)"));
        Files.writeString(
                cct,
                text.replace(
                        "variant base(layers = 10, heads = 8, dim = 512)",
                        "variant base(layers = 10, heads = 10, dim = 512)"));
        SpecFixture.Checked c = new SpecFixture(copy).check(cct);
        List<Diagnostic> errors =
                c.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(1, errors.size(), c.listing());
        Diagnostic d = errors.get(0);
        assertEquals(IssueCodes.HEADS_NOT_DIVIDING, d.code());
        assertTrue(d.message().contains("width 512 is not divisible by 10 heads"), d.message());
        assertTrue(d.message().contains("(in variant base)"), d.message());
        assertTrue(d.location().file().endsWith("cct.vmodel"), d.format());
        // The other five variants still elaborate.
        assertEquals(5, c.instances().size());
    }
}
