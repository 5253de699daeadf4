package dev.vmodel.next;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.train.TrainLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Swin-T, CaiT-XXS24 and XCiT-T12/16 through the classes the plugin generated in this build, as a
 * user calls them: the published variants have timm 0.9.16's parameter counts in DJL, and the
 * small variants train (the loss falls on a fixed batch).
 */
class NextZooTest {

    /** timm's counts, kept beside the specs: model/variant to parameters. */
    static final Map<String, Long> PUBLISHED = timmCounts();

    private static Map<String, Long> timmCounts() {
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of("published-params.csv"))) {
                if (line.startsWith("#") || line.startsWith("file,") || line.isBlank()) continue;
                String[] f = line.split(",");
                counts.put(f[1] + "/" + f[2], Long.parseLong(f[3]));
            }
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> publishedVariants() {
        return Stream.of(
                Arguments.of("Swin/tiny", (Supplier<SpecModel>)
                        () -> Swin.variant("tiny").build()),
                Arguments.of("Cait/xxs24", (Supplier<SpecModel>)
                        () -> Cait.variant("xxs24").build()),
                Arguments.of("Xcit/t12_p16", (Supplier<SpecModel>)
                        () -> Xcit.variant("t12_p16").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedVariants")
    void thePublishedVariantHasTimmsCountInDjl(String name, Supplier<SpecModel> factory) {
        SpecModel model = factory.get();
        try (NDManager manager = Engines.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1));
            assertEquals(PUBLISHED.get(name), ModelStats.trainableParameterCount(model), name);
            assertEquals(
                    new Shape(1, model.classes()), model.getOutputShapes(new Shape[] {model.inputShape(1)})[0], name);
        }
    }

    static Stream<Arguments> small() {
        return Stream.of(
                Arguments.of("Swin/mini", (Supplier<SpecModel>)
                        () -> Swin.variant("mini").build()),
                Arguments.of("Cait/mini", (Supplier<SpecModel>)
                        () -> Cait.variant("mini").build()),
                Arguments.of("Xcit/mini", (Supplier<SpecModel>)
                        () -> Xcit.variant("mini").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("small")
    void aSmallVariantTrains(String name, Supplier<SpecModel> factory) {
        SpecModel model = factory.get();
        try (TrainLoop loop =
                TrainLoop.builder(model, model.inputShape(8), model.classes()).build()) {
            TrainLoop.Result r = loop.train(8);
            for (float loss : r.losses()) assertTrue(Float.isFinite(loss), name + ": loss " + loss);
            assertTrue(
                    r.lastLoss() < r.firstLoss(),
                    name + ": the loss must fall on the fixed batch: " + r.firstLoss() + " -> " + r.lastLoss());
        }
    }
}
