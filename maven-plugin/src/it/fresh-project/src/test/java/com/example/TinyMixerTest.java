package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.example.models.TinyMixer;
import org.junit.jupiter.api.Test;

class TinyMixerTest {
    @Test
    void theGeneratedModelRuns() {
        TinyMixer model = TinyMixer.small().build();
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, model.inputShape(2));
            NDArray out = model.forward(new ParameterStore(manager, false),
                    new NDList(manager.ones(model.inputShape(2))), false).singletonOrThrow();
            assertEquals(new Shape(2, 10), out.getShape());
        }
    }
}
