package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.SpecModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code avgPool(..., countPadding = false)} must leave the padding out of the average: a 3x3,
 * stride 1, padding 1 pool of an all-ones image is 1 everywhere, corners included (DJL's PyTorch
 * engine ignores the flag and gives 4/9 there).
 */
class AvgPoolGenerationTest {
    static final String SPEC = """
            model P {
              input image(1, 4, 4)
              classes 16
              avgPool(3, stride = 1, padding = 1, countPadding = false) -> flatten
            }
            """;

    @Test
    void averagePoolingLeavesPaddingOutOfTheCount(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("p.vmodel");
        Files.writeString(spec, SPEC);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        SpecModel model = ModelFamilies.named("P", code.classes).build(null, Map.of());
        try (NDManager m = Engines.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, model.inputShape(1));
            NDArray ones = m.ones(model.inputShape(1));
            float[] out = model.forward(new ParameterStore(m, false), new NDList(ones), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float[] expected = new float[16];
            Arrays.fill(expected, 1f);
            assertArrayEquals(expected, out, 1e-6f);
        }
    }
}
