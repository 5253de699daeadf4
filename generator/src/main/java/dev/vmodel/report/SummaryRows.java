package dev.vmodel.report;

import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.Body;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Primitive;
import dev.vmodel.semantic.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Flattens an elaborated model into summary rows, depth first. With {@code collapseRepeats},
 * a repeat whose iterations all have the same shapes and cost shows its first iteration and one
 * line for the rest, so that a 30-layer model reads in a screen.
 */
public final class SummaryRows {
    private SummaryRows() {}

    public static List<LayerRow> rows(ModelInstance instance, boolean collapseRepeats) {
        List<LayerRow> rows = new ArrayList<>();
        body(instance.body(), 0, "", collapseRepeats, rows);
        return rows;
    }

    private static void body(Body body, int depth, String prefix, boolean collapse, List<LayerRow> rows) {
        int index = 0;
        for (Step step : body.steps()) {
            node(step, depth, prefix + index, collapse, rows);
            index++;
        }
    }

    private static void node(Step step, int depth, String path, boolean collapse, List<LayerRow> rows) {
        Node n = step.node();
        if (n instanceof Node.Layer l) {
            rows.add(new LayerRow(
                    depth, path + "." + l.primitive().dslName(), label(l), l.outputs(), l.cost(), true, l.source()));
        } else if (n instanceof Node.Split s) {
            String label = "split " + s.axis().word() + " into " + String.join(", ", step.outputs());
            rows.add(new LayerRow(depth, path + ".split", label, s.outputs(), s.cost(), true, s.source()));
        } else if (n instanceof Node.Merge m) {
            String label = m.op() == dev.vmodel.semantic.model.MergeOp.CONCAT
                    ? "concat(" + String.join(", ", step.inputs()) + ")"
                    : String.join(" " + m.op().symbol() + " ", step.inputs());
            rows.add(new LayerRow(depth, path + ".merge", label, m.outputs(), m.cost(), true, m.source()));
        } else if (n instanceof Node.Weight w) {
            String label = step.outputs().get(0) + " = weight" + w.out().dims();
            rows.add(new LayerRow(depth, path + ".weight", label, w.outputs(), w.cost(), true, w.source()));
        } else if (n instanceof Node.Const c) {
            String label = "const " + c.name() + c.out().dims();
            rows.add(new LayerRow(depth, path + ".const", label, c.outputs(), c.cost(), true, c.source()));
        } else if (n instanceof Node.Einsum e) {
            String label = step.outputs().get(0) + " = einsum(\"" + e.pattern() + "\", "
                    + String.join(", ", step.inputs()) + ")";
            rows.add(new LayerRow(depth, path + ".einsum", label, e.outputs(), e.cost(), true, e.source()));
        } else if (n instanceof Node.Take t) {
            String label = step.outputs().get(0) + " = take(" + String.join(", ", step.inputs()) + ")";
            rows.add(new LayerRow(depth, path + ".take", label, t.outputs(), t.cost(), true, t.source()));
        } else if (n instanceof Node.Residual r) {
            rows.add(new LayerRow(depth, path + ".residual", "residual", r.outputs(), r.cost(), false, r.source()));
            body(r.body(), depth + 1, path + ".residual.", collapse, rows);
        } else if (n instanceof Node.Mix m) {
            rows.add(new LayerRow(
                    depth, path + ".mix", "mix " + m.axis().word(), m.outputs(), m.cost(), false, m.source()));
            body(m.body(), depth + 1, path + ".mix.", collapse, rows);
        } else if (n instanceof Node.BlockCall b) {
            rows.add(new LayerRow(depth, path + "." + b.block(), b.block(), b.outputs(), b.cost(), false, b.source()));
            body(b.body(), depth + 1, path + "." + b.block() + ".", collapse, rows);
        } else if (n instanceof Node.Repeat r) {
            int count = r.iterations().size();
            rows.add(new LayerRow(
                    depth, path + ".repeat", "repeat x" + count, r.outputs(), r.cost(), false, r.source()));
            boolean alike = r.iterations().stream()
                    .allMatch(b -> b.cost().equals(r.iterations().get(0).cost())
                            && b.out().equals(r.iterations().get(0).out())
                            && b.in().equals(r.iterations().get(0).in()));
            int shown = collapse && alike && count > 1 ? 1 : count;
            for (int i = 0; i < shown; i++) {
                Body it = r.iterations().get(i);
                String itPath = path + ".repeat[" + i + "]";
                String label = "[" + (r.index() != null ? r.index() + " = " : "") + i + "]";
                rows.add(new LayerRow(depth + 1, itPath, label, List.of(it.out()), it.cost(), false, r.source()));
                body(it, depth + 2, itPath + ".", collapse, rows);
            }
            if (shown < count) {
                rows.add(new LayerRow(
                        depth + 1,
                        path + ".repeat[1.." + (count - 1) + "]",
                        "[1.." + (count - 1) + "] like [0]",
                        List.of(r.out()),
                        dev.vmodel.semantic.model.Cost.ZERO,
                        false,
                        r.source()));
            }
        }
    }

    /** {@code linear(768)}, {@code conv(128, kernel=16, stride=16)}: required args, then those off their default. */
    static String label(Node.Layer l) {
        List<String> parts = new ArrayList<>();
        if (l.primitive() == Primitive.REARRANGE) {
            // The pattern, then the sizes the spec gave by name.
            l.args().forEach((name, v) -> parts.add(name.equals("pattern") ? v.show() : name + "=" + v.show()));
        }
        for (Primitive.Param p : l.primitive().params()) {
            if (l.primitive() == Primitive.REARRANGE) break;
            Value v = l.args().get(p.name());
            if (v == null || v instanceof Value.Init) continue;
            if (p.required()) {
                parts.add(parts.isEmpty() ? v.show() : p.name() + "=" + v.show());
            } else if (p.byDefault() != null && !p.byDefault().equals(v)
                    || p.defaultFrom() != null && !v.equals(l.args().get(p.defaultFrom()))) {
                parts.add(p.name() + "=" + v.show());
            }
        }
        return parts.isEmpty()
                ? l.primitive().dslName()
                : l.primitive().dslName() + "(" + String.join(", ", parts) + ")";
    }

    static String shapes(List<dev.vmodel.semantic.model.Shape> shapes) {
        return shapes.stream().map(Object::toString).collect(Collectors.joining(" "));
    }
}
