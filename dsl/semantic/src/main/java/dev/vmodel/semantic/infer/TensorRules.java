package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.DUPLICATE_NAME;
import static dev.vmodel.semantic.IssueCodes.MISSING_ARGUMENT;
import static dev.vmodel.semantic.IssueCodes.MODEL_TOO_LARGE;
import static dev.vmodel.semantic.IssueCodes.SHAPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.TOO_MANY_ARGUMENTS;
import static dev.vmodel.semantic.IssueCodes.TYPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.UNDEFINED_VALUE;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_ARGUMENT;

import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ArgKind;
import dev.vmodel.semantic.model.Cost;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Primitive;
import dev.vmodel.semantic.model.Shape;
import dev.vmodel.semantic.model.Step;
import dev.vmodel.semantic.tensor.Broadcast;
import dev.vmodel.semantic.tensor.EinsumPattern;
import dev.vmodel.semantic.tensor.EinsumPlan;
import dev.vmodel.semantic.tensor.PatternException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The shape rules of the general tensor constructs: constant tables, learned tensors, einsum,
 * take, rearrange and broadcasting merges. Each works on per-example shapes (the batch axis is
 * never named) and reports a located error that shows the shapes involved.
 */
final class TensorRules {
    private TensorRules() {}

    /**
     * The most elements one constant table may have: tables are evaluated element by element
     * while the spec is checked (Swin-T's largest shift mask has 153,664).
     */
    static final long MAX_TABLE_ELEMENTS = 4_000_000;

    /** Binds a value name in the body being elaborated. */
    interface Binder {
        void bind(String name, Shape shape, SourceLocation at);
    }

    // ------------------------------------------------------------------------------------------
    // const name[d0, d1](i, j) = expr

    static Step constant(
            Stmt.Const c,
            Map<String, Value.Table> tables,
            Names outer,
            Binder bind,
            java.util.function.Consumer<String> read) {
        if (c.dims().size() != c.indices().size()) {
            throw new SpecError(
                    BAD_VALUE,
                    "const " + c.name() + " has " + c.dims().size() + " size"
                            + (c.dims().size() == 1 ? "" : "s")
                            + " but " + c.indices().size() + " index name"
                            + (c.indices().size() == 1 ? "" : "s")
                            + "; give one index name per size, e.g. [7, 7](i, j)",
                    c.source());
        }
        Set<String> seen = new HashSet<>();
        for (String index : c.indices()) {
            if (!seen.add(index)) {
                throw new SpecError(DUPLICATE_NAME, "index name '" + index + "' is used twice", c.source());
            }
        }
        int rank = c.dims().size();
        long[] dims = new long[rank];
        long elements = 1;
        for (int k = 0; k < rank; k++) {
            Expr d = c.dims().get(k);
            dims[k] = Coerce.size(Evaluator.eval(d, outer), "const size", d.source());
            elements = elements > MAX_TABLE_ELEMENTS ? elements : elements * dims[k];
        }
        if (elements > MAX_TABLE_ELEMENTS) {
            throw new SpecError(
                    MODEL_TOO_LARGE,
                    "const " + c.name() + Arrays.toString(dims) + " has more than "
                            + String.format(java.util.Locale.ROOT, "%,d", MAX_TABLE_ELEMENTS)
                            + " elements, the most a constant table may have",
                    c.source());
        }
        Value.Table table = ConstTables.evaluate(c, dims, (int) elements, tables, outer, read);
        Shape shape = Shape.of(dims);
        bind.bind(c.name(), shape, c.nameSource());
        tables.put(c.name(), table);
        return new Step(List.of(), List.of(c.name()), new Node.Const(c.name(), table, shape, c.source()));
    }

    // ------------------------------------------------------------------------------------------
    // weight(...), einsum(...), take(...)

    static Node source(
            Stage.Call c,
            Names names,
            Map<String, Shape> shapes,
            Map<String, Value.Table> tables,
            List<String> inputs,
            Function<String, Shape> read) {
        return switch (c.name()) {
            case "weight" -> weight(c, names);
            case "einsum" -> einsum(c, shapes, inputs, read);
            default -> take(c, shapes, tables, inputs, read);
        };
    }

    /** {@code weight(169, heads, init = truncNormal(0.02))}: sizes, then the initialiser by name. */
    private static Node weight(Stage.Call c, Names names) {
        List<Long> dims = new ArrayList<>();
        Value.Init init = Value.Init.of("truncNormal", 0.02);
        for (Arg a : c.args()) {
            if (a.isNamed()) {
                if (!a.name().equals("init")) {
                    throw new SpecError(
                            UNKNOWN_ARGUMENT,
                            "weight has no argument '" + a.name() + "'; it takes sizes and init",
                            a.source());
                }
                init = (Value.Init) Coerce.to(
                        ArgKind.INIT,
                        Evaluator.eval(a.value(), names),
                        "weight init",
                        Set.of(),
                        a.value().source());
            } else {
                dims.add(Coerce.size(
                        Evaluator.eval(a.value(), names),
                        "weight size",
                        a.value().source()));
            }
        }
        if (dims.isEmpty()) {
            throw new SpecError(
                    MISSING_ARGUMENT, "weight needs its sizes, e.g. weight(169, heads, init = zeros)", c.source());
        }
        Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
        try {
            shape.elements();
        } catch (ArithmeticException e) {
            throw new SpecError(
                    MODEL_TOO_LARGE, "weight " + dims + " has more elements than fit in a long", c.source());
        }
        return new Node.Weight(init, shape, c.source());
    }

    /** {@code einsum("h n d, h m d -> h n m", q, k)}. */
    private static Node einsum(
            Stage.Call c, Map<String, Shape> shapes, List<String> inputs, Function<String, Shape> read) {
        List<Arg> args = c.args();
        if (args.isEmpty()
                || !(args.get(0).value() instanceof Expr.Text pattern)
                || args.get(0).isNamed()) {
            throw new SpecError(
                    MISSING_ARGUMENT,
                    "einsum needs a pattern and two values, e.g. einsum(\"h n d, h m d -> h n m\", q, k)",
                    c.source());
        }
        List<String> operands = valueArgs("einsum", args.subList(1, args.size()), 2, shapes, c.source());
        inputs.addAll(operands);
        Shape a = read.apply(operands.get(0));
        Shape b = read.apply(operands.get(1));
        EinsumPlan plan;
        try {
            plan = EinsumPattern.parse(pattern.value()).resolve(a.toArray(), b.toArray());
        } catch (PatternException e) {
            // The message names the pattern and both shapes; say which values they are.
            String m = e.getMessage();
            throw new SpecError(
                    SHAPE_MISMATCH,
                    (m.startsWith("einsum ") ? m : "einsum: " + m) + " (" + operands.get(0) + " " + a + ", "
                            + operands.get(1) + " " + b + ")",
                    c.source());
        }
        // A product of two values (QK^T, AV) counts as the attention MACs, as attention's do.
        Cost cost = new Cost(0, 0, plan.macs());
        return new Node.Einsum(pattern.value(), List.of(a, b), Shape.of(plan.out()), cost, c.source());
    }

    /** {@code take(table, index)}: out = index's shape followed by the table's after its first axis. */
    private static Node take(
            Stage.Call c,
            Map<String, Shape> shapes,
            Map<String, Value.Table> tables,
            List<String> inputs,
            Function<String, Shape> read) {
        List<String> operands = valueArgs("take", c.args(), 2, shapes, c.source());
        inputs.addAll(operands);
        Shape table = read.apply(operands.get(0));
        Shape index = read.apply(operands.get(1));
        Value.Table indices = tables.get(operands.get(1));
        if (indices == null || !indices.integral()) {
            throw new SpecError(
                    TYPE_MISMATCH,
                    "take: the index '" + operands.get(1) + "' must be a const table of integers, got " + index,
                    c.source());
        }
        long rows = table.dims().get(0);
        for (double v : indices.values()) {
            if (v < 0 || v >= rows) {
                throw new SpecError(
                        SHAPE_MISMATCH,
                        "take: index " + operands.get(1) + " holds " + (long) v + ", outside the " + rows + " rows of "
                                + operands.get(0) + " " + table,
                        c.source());
            }
        }
        long[] out = new long[index.rank() + table.rank() - 1];
        for (int k = 0; k < index.rank(); k++) out[k] = index.dims().get(k);
        for (int k = 1; k < table.rank(); k++)
            out[index.rank() + k - 1] = table.dims().get(k);
        return new Node.Take(List.of(table, index), Shape.of(out), c.source());
    }

    /** Positional arguments that each name a value defined above. */
    private static List<String> valueArgs(
            String callee, List<Arg> args, int expected, Map<String, Shape> shapes, SourceLocation at) {
        List<String> names = new ArrayList<>();
        for (Arg a : args) {
            if (a.isNamed()) {
                throw new SpecError(
                        UNKNOWN_ARGUMENT, callee + " has no argument '" + a.name() + "'; it takes values", a.source());
            }
            if (!(a.value() instanceof Expr.Ref r) || !shapes.containsKey(r.name())) {
                throw new SpecError(
                        UNDEFINED_VALUE, callee + " takes values defined above, e.g. " + example(callee), a.source());
            }
            names.add(r.name());
        }
        if (names.size() != expected) {
            throw new SpecError(
                    names.size() < expected ? MISSING_ARGUMENT : TOO_MANY_ARGUMENTS,
                    callee + " takes " + expected + " values, got " + names.size() + ", e.g. " + example(callee),
                    at);
        }
        return names;
    }

    private static String example(String callee) {
        return callee.equals("take") ? "take(table, index)" : "einsum(\"n d, m d -> n m\", q, k)";
    }

    // ------------------------------------------------------------------------------------------
    // rearrange and broadcasting

    /** {@code rearrange("pattern", h = 7)}: the pattern first, then the sizes it needs by name. */
    static Node rearrange(Stage.Call c, Shape in, Names names) {
        Map<String, Value> resolved = new LinkedHashMap<>();
        for (int i = 0; i < c.args().size(); i++) {
            Arg a = c.args().get(i);
            if (!a.isNamed() && i > 0) {
                throw new SpecError(
                        TOO_MANY_ARGUMENTS,
                        "rearrange takes a pattern, then axis sizes by name: rearrange(\"(h w) c -> h w c\", h = 7)",
                        a.source());
            }
            String name = a.isNamed() ? a.name() : "pattern";
            if (resolved.containsKey(name)) {
                throw new SpecError(
                        dev.vmodel.semantic.IssueCodes.DUPLICATE_ARGUMENT,
                        "rearrange: '" + name + "' is given twice",
                        a.source());
            }
            Value v = Evaluator.eval(a.value(), names);
            resolved.put(
                    name,
                    name.equals("pattern")
                            ? Coerce.to(
                                    ArgKind.TEXT,
                                    v,
                                    "rearrange pattern",
                                    Set.of(),
                                    a.value().source())
                            : new Value.Int(Coerce.size(
                                    v, "rearrange size " + name, a.value().source())));
        }
        if (!resolved.containsKey("pattern")) {
            throw new SpecError(MISSING_ARGUMENT, "rearrange needs a pattern such as \"(h w) c -> h w c\"", c.source());
        }
        Shape out = Primitive.REARRANGE.infer(resolved, in, c.source()).out();
        return new Node.Layer(Primitive.REARRANGE, resolved, in, out, Cost.ZERO, c.source());
    }

    /**
     * Numpy's broadcasting of two features-last shapes (aligned at the last axis, sizes equal or
     * 1); null when they do not broadcast or one is an image, whose channels come first.
     */
    static Shape broadcast(Shape a, Shape b) {
        if (a.isImage() || b.isImage()) return null;
        try {
            return Shape.of(Broadcast.shape(a.toArray(), b.toArray()));
        } catch (PatternException e) {
            return null;
        }
    }
}
