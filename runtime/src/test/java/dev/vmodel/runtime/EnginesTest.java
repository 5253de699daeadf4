package dev.vmodel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void newBaseManagerIsOfflinePyTorch() {
        try (NDManager m = Engines.newBaseManager()) {
            assertEquals("PyTorch", m.getEngine().getEngineName());
            assertEquals("true", System.getProperty(Engines.OFFLINE_PROPERTY));
            assertEquals(10f, m.arange(5f).sum().getFloat(), 0f);
        }
    }

    @Test
    void seedMakesSamplingReproducible() {
        try (NDManager m = Engines.newBaseManager()) {
            Engines.seed(7);
            float[] a = m.randomNormal(new Shape(5)).toFloatArray();
            Engines.seed(7);
            float[] b = m.randomNormal(new Shape(5)).toFloatArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 0f);
        }
    }

    @Test
    void parameterCounts() {
        try (NDManager m = Engines.newBaseManager()) {
            Linear noBias = Linear.builder().setUnits(3).optBias(false).build();
            assertThrows(IllegalStateException.class, () -> ModelStats.parameterCount(noBias));
            BlockTesting.init(noBias, m, new Shape(2, 5));
            assertEquals(15, ModelStats.parameterCount(noBias));
            Linear withBias = BlockTesting.init(Linear.builder().setUnits(3).build(), m, new Shape(2, 5));
            assertEquals(18, ModelStats.parameterCount(withBias));
            withBias.freezeParameters(true);
            assertEquals(0, ModelStats.trainableParameterCount(withBias));
        }
    }
}
