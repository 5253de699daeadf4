package dev.vmodel.runtime.flow;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.vmodel.runtime.blocks.Axis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link Flow} over shapes: the same dataflow, no arrays. */
class ShapeFlow implements Flow<Shape[]> {
    static final ShapeFlow SHAPES = new ShapeFlow();

    @Override
    public Shape[] apply(Block block, Shape[] x) {
        return block.getOutputShapes(x);
    }

    @Override
    public Shape[] source(Block block) {
        return block.getOutputShapes(new Shape[0]);
    }

    @Override
    public Shape[] applyAll(Block block, List<Shape[]> inputs) {
        return block.getOutputShapes(all(inputs));
    }

    /** The shapes of several inputs as one array, in order. */
    static Shape[] all(List<Shape[]> inputs) {
        return inputs.stream().flatMap(Arrays::stream).toArray(Shape[]::new);
    }

    @Override
    public Shape[] add(Shape[] a, Shape[] b) {
        return broadcast("add", a, b);
    }

    @Override
    public Shape[] subtract(Shape[] a, Shape[] b) {
        return broadcast("subtract", a, b);
    }

    @Override
    public Shape[] multiply(Shape[] a, Shape[] b) {
        return broadcast("multiply", a, b);
    }

    @Override
    public Shape[] divide(Shape[] a, Shape[] b) {
        return broadcast("divide", a, b);
    }

    private static Shape[] broadcast(String op, Shape[] a, Shape[] b) {
        if (a[0].equals(b[0])) {
            return a;
        }
        return new Shape[] {BatchBroadcast.shape(op, a[0], b[0])};
    }

    @Override
    public Shape[] concat(Axis axis, List<Shape[]> parts) {
        Shape[] all = parts.stream().map(p -> p[0]).toArray(Shape[]::new);
        return new Shape[] {AxisParts.concatShape(axis, all)};
    }

    @Override
    public List<Shape[]> splitEqual(Shape[] x, Axis axis, int parts) {
        List<Shape[]> out = new ArrayList<>();
        for (Shape s : AxisParts.splitShapes(x[0], axis, null, parts)) out.add(new Shape[] {s});
        return out;
    }

    @Override
    public List<Shape[]> split(Shape[] x, Axis axis, long... sizes) {
        List<Shape[]> out = new ArrayList<>();
        for (Shape s : AxisParts.splitShapes(x[0], axis, sizes, sizes.length)) out.add(new Shape[] {s});
        return out;
    }

    @Override
    public Shape[] transposeTokens(Shape[] x) {
        Shape s = x[0];
        if (s.dimension() != 3) throw new IllegalArgumentException("mixing tokens needs [B, N, D], got " + s);
        long[] dims = Arrays.copyOf(s.getShape(), 3); // getShape() is not a copy
        return new Shape[] {new Shape(dims[0], dims[2], dims[1])};
    }
}
