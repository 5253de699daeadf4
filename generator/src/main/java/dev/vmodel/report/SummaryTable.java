package dev.vmodel.report;

import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.Cost;
import dev.vmodel.semantic.model.ModelInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The per-layer summary of one model variant as a text table (terminal) or Markdown (reports). */
public final class SummaryTable {
    private SummaryTable() {}

    public static String text(ModelInstance m) {
        List<LayerRow> rows = SummaryRows.rows(m, true);
        int labelWidth = "layer".length();
        int shapeWidth = "output".length();
        for (LayerRow r : rows) {
            labelWidth = Math.max(labelWidth, 2 * r.depth() + r.label().length());
            shapeWidth = Math.max(shapeWidth, SummaryRows.shapes(r.outputs()).length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(m.model())
                .append(" / ")
                .append(m.variant())
                .append("   (")
                .append(m.source())
                .append(")\n");
        sb.append("  params: ").append(paramsLine(m)).append('\n');
        String format = "  %-" + labelWidth + "s  %-" + shapeWidth + "s  %13s  %17s%n";
        sb.append(String.format(Locale.ROOT, format, "layer", "output", "params", "MACs"));
        sb.append(String.format(Locale.ROOT, format, "input", m.input(), "", ""));
        for (LayerRow r : rows) {
            boolean placeholder = r.label().endsWith("like [0]");
            sb.append(String.format(
                    Locale.ROOT,
                    format,
                    "  ".repeat(r.depth()) + r.label(),
                    SummaryRows.shapes(r.outputs()),
                    placeholder ? "" : thousands(r.cost().params()),
                    placeholder ? "" : thousands(r.cost().macs())));
        }
        Cost c = m.cost();
        sb.append(String.format(Locale.ROOT, format, "total", m.output(), thousands(c.params()), thousands(c.macs())));
        sb.append("  ").append(totalsLine(c)).append('\n');
        return sb.toString();
    }

    public static String markdown(ModelInstance m) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(m.model()).append(" / ").append(m.variant()).append("\n\n");
        sb.append("Params: ")
                .append(paramsLine(m))
                .append(". ")
                .append(totalsLine(m.cost()))
                .append("\n\n");
        sb.append("| layer | output | params | MACs |\n|---|---|---:|---:|\n");
        sb.append("| input | ").append(m.input()).append(" | | |\n");
        for (LayerRow r : SummaryRows.rows(m, true)) {
            boolean placeholder = r.label().endsWith("like [0]");
            sb.append("| ")
                    .append("&nbsp;&nbsp;".repeat(r.depth()))
                    .append(r.label().replace("|", "\\|"))
                    .append(" | ")
                    .append(SummaryRows.shapes(r.outputs()))
                    .append(" | ")
                    .append(placeholder ? "" : thousands(r.cost().params()))
                    .append(" | ")
                    .append(placeholder ? "" : thousands(r.cost().macs()))
                    .append(" |\n");
        }
        sb.append("| **total** | ")
                .append(m.output())
                .append(" | **")
                .append(thousands(m.cost().params()))
                .append("** | **")
                .append(thousands(m.cost().macs()))
                .append("** |\n");
        return sb.toString();
    }

    private static String paramsLine(ModelInstance m) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Value> e : m.params().entrySet())
            parts.add(e.getKey() + "=" + e.getValue().show());
        return String.join(", ", parts);
    }

    /** Totals in both conventions: matmul/conv MACs with and without the attention products. */
    static String totalsLine(Cost c) {
        return String.format(
                Locale.ROOT,
                "total: %s params (%s), %s MACs without attention products, %s with (QK^T and AV: %s)",
                thousands(c.params()),
                human(c.params()),
                human(c.macs()),
                human(c.totalMacs()),
                human(c.attentionMacs()));
    }

    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 5.87M, 1.34G. */
    public static String human(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        if (n >= 1_000L) return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        return Long.toString(n);
    }
}
