package dev.vmodel.semantic.model;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.Value;
import java.util.List;
import java.util.Map;

/**
 * One elaborated element of a body, with concrete shapes and cost. Single-input nodes expose
 * {@link #in()}/{@link #out()}; a split has several outputs and a merge several inputs.
 */
public sealed interface Node {
    SourceLocation source();

    List<Shape> inputs();

    List<Shape> outputs();

    Cost cost();

    default Shape in() {
        return inputs().get(0);
    }

    default Shape out() {
        return outputs().get(0);
    }

    /** A built-in layer with every argument resolved (defaults filled in). */
    record Layer(Primitive primitive, Map<String, Value> args, Shape in, Shape out, Cost cost, SourceLocation source)
            implements Node {
        public Layer {
            args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
        }

        public List<Shape> inputs() {
            return List.of(in);
        }

        public List<Shape> outputs() {
            return List.of(out);
        }

        public long intArg(String name) {
            return ((Value.Int) args.get(name)).value();
        }

        public double numberArg(String name) {
            Value v = args.get(name);
            return v instanceof Value.Int i ? i.value() : ((Value.Real) v).value();
        }

        public boolean boolArg(String name) {
            return ((Value.Bool) args.get(name)).value();
        }
    }

    /** {@code split axis into ...}: one input, one output per part. */
    record Split(Axis axis, List<Long> sizes, Shape in, List<Shape> outputs, SourceLocation source) implements Node {
        public List<Shape> inputs() {
            return List.of(in);
        }

        public Cost cost() {
            return Cost.ZERO;
        }
    }

    /**
     * An element-wise merge (shapes broadcast as numpy does, aligned at the last axis) or a
     * concatenation of named values.
     */
    record Merge(MergeOp op, Axis axis, List<Shape> inputs, Shape out, SourceLocation source) implements Node {
        public List<Shape> outputs() {
            return List.of(out);
        }

        public Cost cost() {
            return Cost.ZERO;
        }
    }

    /**
     * {@code table = weight(169, heads, init = truncNormal(0.02))}: a learned tensor with no input
     * and no batch axis of its own; it broadcasts against values like a constant.
     */
    record Weight(Value.Init init, Shape out, SourceLocation source) implements Node {
        public List<Shape> inputs() {
            return List.of();
        }

        public List<Shape> outputs() {
            return List.of(out);
        }

        public Cost cost() {
            return Cost.params(out.elements());
        }
    }

    /** {@code const name[...](i, ...) = expr}: a constant table, evaluated for this variant. */
    record Const(String name, Value.Table table, Shape out, SourceLocation source) implements Node {
        public List<Shape> inputs() {
            return List.of();
        }

        public List<Shape> outputs() {
            return List.of(out);
        }

        public Cost cost() {
            return Cost.ZERO;
        }
    }

    /** {@code einsum("h n d, h m d -> h n m", q, k)}: a product of two values over named axes. */
    record Einsum(String pattern, List<Shape> inputs, Shape out, Cost cost, SourceLocation source) implements Node {
        public Einsum {
            inputs = List.copyOf(inputs);
        }

        public List<Shape> outputs() {
            return List.of(out);
        }
    }

    /** {@code take(table, index)}: rows of {@code table} picked by an integer constant table. */
    record Take(List<Shape> inputs, Shape out, SourceLocation source) implements Node {
        public Take {
            inputs = List.copyOf(inputs);
        }

        public List<Shape> outputs() {
            return List.of(out);
        }

        public Cost cost() {
            return Cost.ZERO;
        }
    }

    /** {@code residual { body }}: out = in + body(in). */
    record Residual(Body body, SourceLocation source) implements Node {
        public List<Shape> inputs() {
            return List.of(body.in());
        }

        public List<Shape> outputs() {
            return List.of(body.out());
        }

        public Cost cost() {
            return body.cost();
        }
    }

    /**
     * {@code mix tokens { body }}: the input tokens[N,D] are transposed to [D,N], the body maps
     * the token axis, and the result is transposed back.
     */
    record Mix(Axis axis, Body body, Shape in, Shape out, SourceLocation source) implements Node {
        public List<Shape> inputs() {
            return List.of(in);
        }

        public List<Shape> outputs() {
            return List.of(out);
        }

        public Cost cost() {
            return body.cost();
        }
    }

    /** {@code repeat n as index { body }}, one elaborated body per iteration. */
    record Repeat(String index, List<Body> iterations, SourceLocation source) implements Node {
        public List<Shape> inputs() {
            return List.of(iterations.get(0).in());
        }

        public List<Shape> outputs() {
            return List.of(iterations.get(iterations.size() - 1).out());
        }

        public Cost cost() {
            Cost c = Cost.ZERO;
            for (Body b : iterations) c = c.plus(b.cost());
            return c;
        }
    }

    /** A use of a user-defined block, with its evaluated arguments (defaults included). */
    record BlockCall(
            String block, Map<String, Value> args, Body body, SourceLocation declaration, SourceLocation source)
            implements Node {
        public BlockCall {
            args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
        }

        public List<Shape> inputs() {
            return List.of(body.in());
        }

        public List<Shape> outputs() {
            return List.of(body.out());
        }

        public Cost cost() {
            return body.cost();
        }
    }
}
