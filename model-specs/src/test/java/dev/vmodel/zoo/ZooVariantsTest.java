package dev.vmodel.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.vmodel.runtime.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variant of the zoo, through the classes the plugin generated in this build, exactly as a
 * user calls them: {@code GMlp.variant("ti16").build()}, initialised for {@code inputShape(1)}.
 */
class ZooVariantsTest {

    /** DESIGN.md's reference parameter counts of the published variants, kept beside the specs. */
    static final Map<String, Long> PUBLISHED = published();

    private static Map<String, Long> published() {
        try {
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("published-params.csv"))) {
                if (line.startsWith("#") || line.startsWith("file,") || line.isBlank()) continue;
                String[] f = line.split(",");
                counts.put(f[1] + "/" + f[2], Long.parseLong(f[3]));
            }
            return counts;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Built(Block model, Shape input, long classes) {}

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        add(all, "GMlp", GMlp.VARIANTS, v -> {
            GMlp m = GMlp.variant(v).build();
            return new Built(m, m.inputShape(1), m.classes());
        });
        add(all, "MlpMixer", MlpMixer.VARIANTS, v -> {
            MlpMixer m = MlpMixer.variant(v).build();
            return new Built(m, m.inputShape(1), m.classes());
        });
        add(all, "Cct", Cct.VARIANTS, v -> {
            Cct m = Cct.variant(v).build();
            return new Built(m, m.inputShape(1), m.classes());
        });
        add(all, "Cvt", Cvt.VARIANTS, v -> {
            Cvt m = Cvt.variant(v).build();
            return new Built(m, m.inputShape(1), m.classes());
        });
        return all.stream();
    }

    private static void add(List<Arguments> all, String model, List<String> variants, Function<String, Built> build) {
        for (String v : variants)
            all.add(Arguments.of(model + "/" + v, (java.util.function.Supplier<Built>) () -> build.apply(v)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyVariantInitialises(String name, java.util.function.Supplier<Built> factory) {
        Built b = factory.get();
        try (NDManager manager = Engines.newBaseManager()) {
            b.model().initialize(manager, DataType.FLOAT32, b.input());
            assertEquals(new Shape(1, b.classes()), b.model().getOutputShapes(new Shape[] {b.input()})[0], name);
            long params = 0;
            for (Pair<String, Parameter> p : b.model().getParameters()) {
                if (p.getValue().requiresGradient())
                    params += p.getValue().getArray().size();
            }
            if (PUBLISHED.containsKey(name)) assertEquals(PUBLISHED.get(name), params, name);
        }
    }

    @org.junit.jupiter.api.Test
    void theZooHasTwentyThreeVariantsElevenOfThemPublished() {
        assertEquals(23, variants().count());
        assertEquals(11, PUBLISHED.size());
    }
}
