package dev.vmodel.dsl.ide;

import dev.vmodel.semantic.model.Cost;
import dev.vmodel.semantic.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hover's account of a layer across the model variants that use it. When every variant gives
 * the layer the same shapes and cost, one line names the first variant and gives them exactly
 * ({@code In Tiny small: vector[16] → vector[10], params 170, MACs 160}); when they differ, one
 * line per group of variants that agree, figures rounded ({@code small: tokens[64, 256] →
 * tokens[64, 512] · params 132 K · MACs 8.4 M}), so that the difference reads at a glance.
 */
final class LayerFactsText {
    private LayerFactsText() {}

    static String of(List<LayerFacts.Fact> facts) {
        Map<String, List<String>> byFigures = new LinkedHashMap<>();
        for (LayerFacts.Fact f : facts) {
            byFigures.computeIfAbsent(figures(f.node()), k -> new ArrayList<>()).add(name(f));
        }
        if (byFigures.size() == 1) return exact(facts.get(0));
        List<String> lines = new ArrayList<>();
        byFigures.forEach((figures, names) -> {
            lines.add("- " + String.join(", ", names) + ": " + figures);
        });
        return "Per variant:\n\n" + String.join("\n", lines);
    }

    private static String exact(LayerFacts.Fact f) {
        Cost cost = f.node().cost();
        return "In " + name(f) + ": " + shapes(f.node(), true) + "  \nparams " + String.format("%,d", cost.params())
                + ", MACs " + String.format("%,d", cost.macs())
                + (cost.attentionMacs() == 0 ? "" : " + attention " + String.format("%,d", cost.attentionMacs()));
    }

    private static String figures(Node node) {
        Cost cost = node.cost();
        return shapes(node, false) + " · params " + rounded(cost.params()) + " · MACs " + rounded(cost.macs())
                + (cost.attentionMacs() == 0 ? "" : " + attention " + rounded(cost.attentionMacs()));
    }

    private static String shapes(Node node, boolean boldOutput) {
        String in = node.inputs().stream().map(Object::toString).collect(Collectors.joining(" "));
        String out = node.outputs().stream().map(Object::toString).collect(Collectors.joining(" "));
        return in + " → " + (boldOutput ? "**" + out + "**" : out);
    }

    private static String name(LayerFacts.Fact f) {
        return f.instance().model()
                + (f.instance().variant() == null ? "" : " " + f.instance().variant());
    }

    /** 170, 9,999, 12.3 K, 1.2 M, 3.4 G: exact below ten thousand, three figures above. */
    static String rounded(long n) {
        if (Math.abs(n) < 10_000) return String.format("%,d", n);
        String[] units = {"K", "M", "G", "T"};
        double value = n;
        int unit = -1;
        while (Math.abs(value) >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        String digits = Math.abs(value) >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
        return digits + " " + units[unit];
    }
}
