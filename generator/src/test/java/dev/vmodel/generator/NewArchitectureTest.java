package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.train.TrainLoop;
import dev.vmodel.semantic.model.ModelInstance;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Architectures that are not in the zoo (a small ViT with a class token, ResMLP), written only
 * as specs: generated, compiled, with DJL parameter counts equal to the static counts (these
 * specs lean on the language's defaults, which the generated code must honour), and trained.
 */
class NewArchitectureTest {
    static final Path SPECS = Path.of("src/test/resources/new-architectures");

    @Test
    void aViTAndResMlpGenerateCountAndTrain(@TempDir Path dir) {
        GeneratedCode code = GeneratedCode.of(dir, SPECS.resolve("tiny-vit.vmodel"), SPECS.resolve("resmlp.vmodel"));
        for (ModelInstance m : code.instances()) {
            SpecModel model = GeneratedModels.build(code, m.model(), m.variant(), Map.of());
            try (NDManager manager = Engines.newBaseManager()) {
                model.initialize(manager, DataType.FLOAT32, model.inputShape(1));
                assertEquals(
                        m.cost().params(), ModelStats.trainableParameterCount(model), m.model() + "/" + m.variant());
            }
        }
        assertEquals(
                15_350_872L,
                code.instances().stream()
                        .filter(m -> m.model().equals("ResMlp"))
                        .findFirst()
                        .orElseThrow()
                        .cost()
                        .params(),
                "timm's resmlp_12_224");

        SpecModel vit = GeneratedModels.build(code, "TinyVit", "narrow", Map.of());
        try (TrainLoop loop =
                TrainLoop.builder(vit, vit.inputShape(8), vit.classes()).build()) {
            TrainLoop.Result r = loop.train(8);
            for (float loss : r.losses()) assertTrue(Float.isFinite(loss), "loss " + loss);
            assertTrue(
                    r.lastLoss() < r.firstLoss(),
                    "the loss must fall on the fixed batch: " + r.firstLoss() + " -> " + r.lastLoss());
        }
    }
}
