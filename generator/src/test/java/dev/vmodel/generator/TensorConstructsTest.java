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
 * A model written with the general tensor constructs (const tables, a learned table taken by a
 * constant index, rearrange, roll, einsum, broadcasting merges): a shifted-window attention
 * layer as Swin has it, generated, compiled, counted in DJL and trained.
 */
class TensorConstructsTest {
    static final Path SPECS = Path.of("src/test/resources/new-architectures");

    @Test
    void shiftedWindowAttentionGeneratesCountsAndTrains(@TempDir Path dir) {
        GeneratedCode code = GeneratedCode.of(dir, SPECS.resolve("shifted-windows.vmodel"));
        ModelInstance m = code.instances().get(0);
        SpecModel model = GeneratedModels.build(code, m.model(), m.variant(), Map.of());
        try (NDManager manager = Engines.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(1));
            assertEquals(m.cost().params(), ModelStats.trainableParameterCount(model));
        }
        SpecModel fresh = GeneratedModels.build(code, m.model(), m.variant(), Map.of());
        try (TrainLoop loop =
                TrainLoop.builder(fresh, fresh.inputShape(8), fresh.classes()).build()) {
            TrainLoop.Result r = loop.train(8);
            for (float loss : r.losses()) assertTrue(Float.isFinite(loss), "loss " + loss);
            assertTrue(r.lastLoss() < r.firstLoss(), "the loss must fall: " + r.firstLoss() + " -> " + r.lastLoss());
        }
    }
}
