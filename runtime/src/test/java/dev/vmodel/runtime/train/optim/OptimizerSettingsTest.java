package dev.vmodel.runtime.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerSettingsTest {

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void namesAreCaseInsensitiveAndDefaultsArePyTorchs() {
        OptimizerSettings s = new OptimizerSettings("AdamW", 0.05, 0, false, 0.9, 0.999, 1e-8);
        assertEquals("adamw", s.name());
        assertEquals(s, OptimizerSettings.adamw(0.05));
    }

    @Test
    void badValuesAreNamed() {
        assertEquals(
                "unknown optimizer 'lamb' (known: adamw, adam, sgd)",
                error(() -> new OptimizerSettings("lamb", 0, 0, false, 0.9, 0.999, 1e-8)));
        assertEquals("Nesterov momentum needs a momentum above 0", error(() -> OptimizerSettings.sgd(0, 0, true)));
        assertEquals("momentum must be in [0, 1), got 1.0", error(() -> OptimizerSettings.sgd(0, 1, false)));
        assertEquals(
                "weight decay must be finite and at least 0, got -0.1", error(() -> OptimizerSettings.adamw(-0.1)));
        assertEquals(
                "beta2 must be in [0, 1), got 1.0",
                error(() -> new OptimizerSettings("adam", 0, 0, false, 0.9, 1, 1e-8)));
        assertEquals(
                "eps must be finite and above 0, got 0.0",
                error(() -> new OptimizerSettings("adam", 0, 0, false, 0.9, 0.999, 0)));
    }
}
