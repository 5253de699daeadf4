package dev.vmodel.runtime.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.vmodel.runtime.Engines;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    private NDManager manager;
    private Parameter a;
    private Parameter b;

    @BeforeEach
    void open() {
        manager = Engines.newBaseManager();
        a = parameter("a", 0, 0);
        b = parameter("b", 0, 0, 0);
        // loss = sum(a * [3, 4]) + sum(b * [0, 12, 0]): gradients [3, 4] and [0, 12], norm 13.
        try (NDManager step = manager.newSubManager();
                GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray l = a.getArray()
                    .mul(step.create(new float[] {3, 4}))
                    .sum()
                    .add(b.getArray().mul(step.create(new float[] {0, 12, 0})).sum());
            gc.backward(l);
        }
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Parameter parameter(String name, float... values) {
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        Parameter p =
                Parameter.builder().setName(name).setType(Parameter.Type.OTHER).build();
        p.setArray(array);
        return p;
    }

    private static float[] grad(Parameter p) {
        return p.getArray().getGradient().toFloatArray();
    }

    @Test
    void scalesAllGradientsToTheMaxNorm() {
        double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 6.5);
        assertEquals(13.0, norm, 1e-6);
        double coef = 6.5 / (13 + 1e-6); // PyTorch's clip_coef
        assertArrayEquals(new float[] {(float) (3 * coef), (float) (4 * coef)}, grad(a), 1e-6f);
        assertArrayEquals(new float[] {0, (float) (12 * coef), 0}, grad(b), 1e-6f);
    }

    @Test
    void leavesGradientsBelowTheMaxNormAlone() {
        assertEquals(13.0, GradientClipping.clipGlobalNorm(List.of(a, b), 20), 1e-6);
        assertArrayEquals(new float[] {3, 4}, grad(a));
        assertArrayEquals(new float[] {0, 12, 0}, grad(b));
    }

    @Test
    void nonPositiveMaxNormOnlyMeasures() {
        assertEquals(13.0, GradientClipping.clipGlobalNorm(List.of(a, b), 0), 1e-6);
        assertArrayEquals(new float[] {3, 4}, grad(a));
    }
}
