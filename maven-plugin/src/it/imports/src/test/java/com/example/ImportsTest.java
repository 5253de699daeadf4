package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.models.Net;
import dev.vmodel.models.Other;
import org.junit.jupiter.api.Test;

class ImportsTest {
    @Test
    void bothModelsUseTheImportedHead() {
        Net net = Net.builder().build();
        Other other = Other.builder().build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            other.initialize(m, DataType.FLOAT32, other.inputShape(1));
            assertEquals(new Shape(1, 5), net.getOutputShapes(new Shape[] {net.inputShape(1)})[0]);
            assertEquals(new Shape(1, 2), other.getOutputShapes(new Shape[] {other.inputShape(1)})[0]);
        }
    }
}
