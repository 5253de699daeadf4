package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maxPool(..., padding = same)} generates and keeps the image size (its padding was computed
 * from a {@code dilation} argument pools do not have, and generation failed).
 */
class PoolSamePaddingTest {

    @TempDir
    Path dir;

    @Test
    void maxPoolWithSamePaddingKeepsTheSize() throws Exception {
        Path spec = Files.writeString(dir.resolve("same.vmodel"), """
                model SamePool {
                  input image(3, 8, 8)
                  classes 4
                  conv(6, kernel = 1) -> maxPool(3, stride = 1, padding = same) -> flatten -> linear(classes)
                }
                """);
        GeneratedCode code = GeneratedCode.of(dir.resolve("gen"), spec);
        ModelFamily family =
                (ModelFamily) code.load("SamePool").getField("FAMILY").get(null);
        SpecModel m = family.build(null, Map.of());
        try (NDManager manager = Engines.newBaseManager()) {
            m.initialize(manager, DataType.FLOAT32, m.inputShape(2));
            NDList out = m.forward(
                    Engines.parameterStore(manager), new NDList(manager.randomNormal(m.inputShape(2))), false);
            assertEquals(new Shape(2, 4), out.singletonOrThrow().getShape());
            // 6 channels of 8 x 8 flattened: the pool kept the size.
            Shape fc = m.parametersByName().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("weight")
                            && e.getValue().getArray().getShape().dimension() == 2)
                    .findFirst()
                    .orElseThrow()
                    .getValue()
                    .getArray()
                    .getShape();
            assertEquals(new Shape(4, 6 * 8 * 8), fc);
        }
    }
}
