package dev.vmodel.runtime.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.blocks.Axis;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Split, concat and the element-wise merges of a dataflow, on arrays and on shapes. */
class AxisPartsTest {

    private NDManager m;
    private final Flow<NDList> data = Flow.forward(null, false, null);
    private final Flow<Shape[]> shapes = Flow.shapes();

    @BeforeEach
    void open() {
        m = Engines.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    /** Splits on arrays and checks that the shape flow predicts every part's shape. */
    private List<NDList> split(NDArray x, Axis axis, long... sizes) {
        List<NDList> parts =
                sizes.length == 0 ? data.splitEqual(new NDList(x), axis, 2) : data.split(new NDList(x), axis, sizes);
        Shape[] in = {x.getShape()};
        List<Shape[]> predicted = sizes.length == 0 ? shapes.splitEqual(in, axis, 2) : shapes.split(in, axis, sizes);
        assertEquals(parts.size(), predicted.size());
        for (int i = 0; i < parts.size(); i++) {
            assertArrayEquals(parts.get(i).getShapes(), predicted.get(i));
        }
        return parts;
    }

    @Test
    void halvesTheChannelsOfTokens() {
        NDArray x = m.arange(0f, 12f).reshape(1, 3, 4); // rows 0..3, 4..7, 8..11
        List<NDList> uv = split(x, Axis.CHANNELS);
        assertArrayEquals(
                new float[] {0, 1, 4, 5, 8, 9}, uv.get(0).singletonOrThrow().toFloatArray());
        assertArrayEquals(
                new float[] {2, 3, 6, 7, 10, 11}, uv.get(1).singletonOrThrow().toFloatArray());
    }

    @Test
    void splitsImagesOnAxisOneAndTokensOnAxisOne() {
        List<NDList> parts = split(m.arange(0f, 12f).reshape(1, 3, 2, 2), Axis.CHANNELS, 1, 2);
        assertEquals(new Shape(1, 2, 2, 2), parts.get(1).singletonOrThrow().getShape());
        assertArrayEquals(
                new float[] {0, 1, 2, 3}, parts.get(0).singletonOrThrow().toFloatArray());
        List<NDList> t = split(m.arange(0f, 6f).reshape(1, 3, 2), Axis.TOKENS, 1, 2);
        assertEquals(new Shape(1, 1, 2), t.get(0).singletonOrThrow().getShape());
        assertArrayEquals(new float[] {2, 3, 4, 5}, t.get(1).singletonOrThrow().toFloatArray());
    }

    @Test
    void concatenatesOnTheChannelAxis() {
        NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
        NDArray b = m.create(new float[] {5, 6}, new Shape(1, 2, 1));
        NDArray y = data.concat(Axis.CHANNELS, List.of(new NDList(a), new NDList(b)))
                .singletonOrThrow();
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, y.toFloatArray());
        assertArrayEquals(
                new Shape[] {new Shape(1, 2, 3)},
                shapes.concat(Axis.CHANNELS, List.of(new Shape[] {a.getShape()}, new Shape[] {b.getShape()})));
    }

    @Test
    void elementwiseMerges() {
        NDList a = new NDList(m.create(new float[] {1, 2, 3, 4}));
        NDList b = new NDList(m.create(new float[] {5, -1, 0.5f, 2}));
        assertArrayEquals(
                new float[] {6, 1, 3.5f, 6}, data.add(a, b).singletonOrThrow().toFloatArray());
        assertArrayEquals(
                new float[] {-4, 3, 2.5f, 2},
                data.subtract(a, b).singletonOrThrow().toFloatArray());
        assertArrayEquals(
                new float[] {5, -2, 1.5f, 8},
                data.multiply(a, b).singletonOrThrow().toFloatArray());
    }

    @Test
    void badPartsAreRejected() {
        Shape[] odd = {new Shape(1, 3, 5)};
        assertThrows(IllegalArgumentException.class, () -> shapes.splitEqual(odd, Axis.CHANNELS, 2));
        assertThrows(IllegalArgumentException.class, () -> shapes.split(odd, Axis.CHANNELS, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> shapes.split(odd, Axis.CHANNELS, 5, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> shapes.splitEqual(new Shape[] {new Shape(1, 4, 2, 2)}, Axis.TOKENS, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> shapes.concat(
                        Axis.CHANNELS, List.of(new Shape[] {new Shape(1, 2, 3)}, new Shape[] {new Shape(1, 3, 3)})));
        assertThrows(IllegalArgumentException.class, () -> shapes.add(odd, new Shape[] {new Shape(1, 3, 4)}));
    }
}
