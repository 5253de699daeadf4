package dev.vmodel.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class EngineArraysTest {

    @Test
    void floatMemoryReadsAndWritesAContiguousArrayInPlace() {
        try (NDManager m = Engines.newBaseManager()) {
            NDArray a = EngineArrays.of(m, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            FloatBuffer memory = EngineArrays.floatMemory(a);
            assertNotNull(memory);
            assertEquals(6, memory.limit());
            assertEquals(6f, memory.get(5));
            memory.put(4, -5f);
            assertArrayEquals(new float[] {1, 2, 3, 4, -5, 6}, a.toFloatArray());
            // Written by the engine, read through the buffer.
            a.muli(2);
            assertEquals(-10f, memory.get(4));
        }
    }

    @Test
    void floatMemoryRefusesWhatItCannotReachInPlace() {
        try (NDManager m = Engines.newBaseManager()) {
            NDArray a = EngineArrays.of(m, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            // A transposed view: DJL would hand out a copy, and writes to it would be lost.
            assertNull(EngineArrays.floatMemory(a.transpose()));
            assertNull(EngineArrays.floatMemory(a.toType(DataType.FLOAT64, true)));
            assertNotNull(EngineArrays.floatMemory(a.transpose().transpose()));
        }
    }
}
