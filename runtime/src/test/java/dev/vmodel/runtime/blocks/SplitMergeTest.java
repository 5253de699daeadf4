package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

class SplitMergeTest extends TestBase {

    private NDList split(Split split, NDArray x) throws Exception {
        init(split, m, x.getShape());
        NDList out = forwardList(split, m, false, x);
        assertOutputShapes(split, out, x.getShape());
        assertEquals(0, paramCount(split));
        return out;
    }

    @Test
    void halvesTheChannelsOfTokens() throws Exception {
        NDArray x = m.arange(0f, 12f).reshape(1, 3, 4); // rows 0..3, 4..7, 8..11
        Split split = Split.halves(Axis.CHANNELS);
        NDList uv = split(split, x);
        assertEquals(2, uv.size());
        assertClose(new float[] {0, 1, 4, 5, 8, 9}, uv.get(0));
        assertClose(new float[] {2, 3, 6, 7, 10, 11}, uv.get(1));
        assertSaveLoad(split, () -> Split.halves(Axis.CHANNELS), m, x);
    }

    @Test
    void splitsImagesOnAxisOne() throws Exception {
        NDArray x = m.arange(0f, 12f).reshape(1, 3, 2, 2);
        NDList parts = split(Split.sizes(Axis.CHANNELS, 1, 2), x);
        assertEquals(new Shape(1, 1, 2, 2), parts.get(0).getShape());
        assertEquals(new Shape(1, 2, 2, 2), parts.get(1).getShape());
        assertClose(new float[] {0, 1, 2, 3}, parts.get(0));
        assertClose(new float[] {4, 5, 6, 7, 8, 9, 10, 11}, parts.get(1));
    }

    @Test
    void splitsVectorsAndTokenAxis() throws Exception {
        NDList v = split(Split.equal(Axis.CHANNELS, 3), m.arange(0f, 6f).reshape(1, 6));
        assertClose(new float[] {2, 3}, v.get(1));
        NDList t = split(Split.sizes(Axis.TOKENS, 1, 2), m.arange(0f, 6f).reshape(1, 3, 2));
        assertEquals(new Shape(1, 1, 2), t.get(0).getShape());
        assertClose(new float[] {2, 3, 4, 5}, t.get(1));
    }

    @Test
    void badSplitsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Split.halves(Axis.CHANNELS)
                                .getOutputShapes(new Shape[] {new Shape(1, 3, 5)}));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Split.sizes(Axis.CHANNELS, 1, 2)
                                .getOutputShapes(new Shape[] {new Shape(1, 4)}));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Split.halves(Axis.TOKENS)
                                .getOutputShapes(new Shape[] {new Shape(1, 4, 2, 2)}));
        assertThrows(IllegalArgumentException.class, () -> Split.sizes(Axis.CHANNELS, 2, 0));
    }

    private NDArray merge(Merge merge, NDArray... xs) throws Exception {
        Shape[] shapes = new NDList(xs).getShapes();
        init(merge, m, shapes);
        NDList out = forwardList(merge, m, false, xs);
        assertOutputShapes(merge, out, shapes);
        Merge.Op op = merge.getOp();
        assertSaveLoad(
                merge,
                () -> op == Merge.Op.CONCAT ? Merge.concat(Axis.CHANNELS) : Merge.of(op),
                m,
                xs);
        return out.singletonOrThrow();
    }

    @Test
    void elementwiseMerges() throws Exception {
        NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
        NDArray b = m.create(new float[] {5, -1, 0.5f, 2}, new Shape(1, 2, 2));
        NDArray c = m.create(new float[] {1, 1, 1, 10}, new Shape(1, 2, 2));
        assertClose(new float[] {7, 2, 4.5f, 16}, merge(Merge.of(Merge.Op.ADD), a, b, c));
        assertClose(new float[] {-5, 2, 1.5f, -8}, merge(Merge.of(Merge.Op.SUBTRACT), a, b, c));
        assertClose(new float[] {5, -2, 1.5f, 80}, merge(Merge.of(Merge.Op.MULTIPLY), a, b, c));
    }

    @Test
    void multiplyBroadcasts() throws Exception {
        NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
        NDArray g = m.create(new float[] {10, 100}, new Shape(1, 1, 2));
        assertClose(new float[] {10, 200, 30, 400}, merge(Merge.of(Merge.Op.MULTIPLY), a, g));
    }

    @Test
    void concatenatesOnTheChannelAxis() throws Exception {
        NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
        NDArray b = m.create(new float[] {5, 6}, new Shape(1, 2, 1));
        NDArray y = merge(Merge.concat(Axis.CHANNELS), a, b);
        assertEquals(new Shape(1, 2, 3), y.getShape());
        assertClose(new float[] {1, 2, 5, 3, 4, 6}, y);
        NDArray img =
                merge(Merge.concat(Axis.CHANNELS), input(m, 1, 2, 3, 3), input(m, 1, 4, 3, 3));
        assertEquals(new Shape(1, 6, 3, 3), img.getShape());
    }

    @Test
    void splitThenConcatIsIdentity() {
        NDArray x = input(m, 2, 3, 8);
        NDList parts =
                forwardList(init(Split.sizes(Axis.CHANNELS, 3, 5), m, x.getShape()), m, false, x);
        NDArray y =
                forwardList(
                                init(Merge.concat(Axis.CHANNELS), m, parts.getShapes()),
                                m,
                                false,
                                parts.toArray(new NDArray[0]))
                        .singletonOrThrow();
        assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
    }

    @Test
    void badMergesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Merge.of(Merge.Op.CONCAT));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Merge.of(Merge.Op.ADD)
                                .getOutputShapes(
                                        new Shape[] {new Shape(1, 2, 3), new Shape(1, 2, 4)}));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Merge.concat(Axis.CHANNELS)
                                .getOutputShapes(
                                        new Shape[] {new Shape(1, 2, 3), new Shape(1, 3, 3)}));
    }
}
