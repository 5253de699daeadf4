package dev.vmodel.semantic.tensor;

import dev.vmodel.semantic.tensor.PatternLexer.Kind;
import dev.vmodel.semantic.tensor.PatternLexer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A two-operand einsum over the per-example axes, with space-separated index names as in einops:
 * {@code "h n d, h m d -> h n m"}. An index in both operands and not the output is contracted;
 * one in a single operand and not the output is summed over. No index repeats within an operand
 * or the output (no diagonals), and every output index comes from an operand.
 */
public final class EinsumPattern {
    private record Index(String name, int offset) {}

    private final String text;
    private final List<Index> first;
    private final List<Index> second;
    private final List<Index> output;

    private EinsumPattern(String text, List<Index> first, List<Index> second, List<Index> output) {
        this.text = text;
        this.first = first;
        this.second = second;
        this.output = output;
    }

    /** Reads {@code pattern}, or throws a {@link PatternException} at the offending character. */
    public static EinsumPattern parse(String pattern) {
        List<Token> tokens = PatternLexer.tokens(pattern);
        List<List<Index>> operands = new ArrayList<>();
        List<Index> current = new ArrayList<>();
        List<Index> output = null;
        int lastSeparator = 0;
        for (Token t : tokens) {
            switch (t.kind()) {
                case NAME -> current.add(new Index(t.text(), t.offset()));
                case COMMA, ARROW -> {
                    if (output != null) {
                        throw new PatternException(
                                "'" + t.text() + "' after the -> in \"" + pattern + "\"", t.offset());
                    }
                    if (current.isEmpty()) {
                        throw new PatternException(
                                "operand " + (operands.size() + 1) + " of \"" + pattern + "\" has no indices",
                                t.offset());
                    }
                    operands.add(List.copyOf(current));
                    current = new ArrayList<>();
                    if (t.kind() == Kind.ARROW) output = current;
                    lastSeparator = t.offset();
                }
                default ->
                    throw new PatternException(
                            "'" + t.text() + "' in \"" + pattern
                                    + "\": einsum indices are plain names separated by spaces (no groups or 1)",
                            t.offset());
            }
        }
        if (output == null) {
            throw new PatternException("\"" + pattern + "\" has no -> before the output indices", 0);
        }
        if (operands.size() != 2) {
            throw new PatternException(
                    "einsum takes two operands but \"" + pattern + "\" has " + operands.size(), lastSeparator);
        }
        if (output.isEmpty()) {
            throw new PatternException("the output of \"" + pattern + "\" has no indices", lastSeparator);
        }
        List<Index> a = operands.get(0);
        List<Index> b = operands.get(1);
        noRepeats(pattern, a, "the first operand");
        noRepeats(pattern, b, "the second operand");
        noRepeats(pattern, output, "the output");
        for (Index o : output) {
            if (indexOf(a, o.name()) < 0 && indexOf(b, o.name()) < 0) {
                throw new PatternException(
                        "output index '" + o.name() + "' of \"" + pattern + "\" is in neither operand", o.offset());
            }
        }
        return new EinsumPattern(pattern.strip(), a, b, List.copyOf(output));
    }

    private static void noRepeats(String pattern, List<Index> indices, String which) {
        for (int i = 0; i < indices.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (indices.get(i).name().equals(indices.get(j).name())) {
                    throw new PatternException(
                            "'" + indices.get(i).name() + "' appears twice in " + which + " of \"" + pattern + "\"",
                            indices.get(i).offset());
                }
            }
        }
    }

    private static int indexOf(List<Index> indices, String name) {
        for (int i = 0; i < indices.size(); i++) {
            if (indices.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    /** The pattern text as written (surrounding blanks removed). */
    public String text() {
        return text;
    }

    /** The first operand's indices, one per axis. */
    public List<String> first() {
        return first.stream().map(Index::name).toList();
    }

    /** The second operand's indices, one per axis. */
    public List<String> second() {
        return second.stream().map(Index::name).toList();
    }

    /** The output's indices, one per axis. */
    public List<String> output() {
        return output.stream().map(Index::name).toList();
    }

    /**
     * Checks the operands' per-example shapes {@code a} and {@code b} against the pattern (ranks,
     * and equal sizes for an index in both) and plans the einsum.
     */
    public EinsumPlan resolve(long[] a, long[] b) {
        String where = "einsum \"" + text + "\" of " + Arrays.toString(a) + " and " + Arrays.toString(b);
        checkRank(where, first, a, "first");
        checkRank(where, second, b, "second");
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, String> from = new HashMap<>();
        bind(where, first, a, "the first operand", sizes, from);
        bind(where, second, b, "the second operand", sizes, from);
        List<String> outNames = output();
        List<String> firstNames = first();
        List<String> secondNames = second();
        List<String> batch = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (String o : outNames) {
            boolean inA = firstNames.contains(o);
            boolean inB = secondNames.contains(o);
            (inA && inB ? batch : inA ? left : right).add(o);
        }
        List<String> contracted = new ArrayList<>();
        List<String> summedA = new ArrayList<>();
        for (String i : firstNames) {
            if (outNames.contains(i)) continue;
            (secondNames.contains(i) ? contracted : summedA).add(i);
        }
        List<String> summedB = new ArrayList<>();
        for (String i : secondNames) {
            if (!outNames.contains(i) && !firstNames.contains(i)) summedB.add(i);
        }
        long[] out = outNames.stream().mapToLong(sizes::get).toArray();
        long macs = 1;
        for (long s : sizes.values()) macs = Math.multiplyExact(macs, s);
        return new EinsumPlan(sizes, out, macs, batch, left, right, contracted, summedA, summedB);
    }

    private static void checkRank(String where, List<Index> indices, long[] shape, String which) {
        if (indices.size() != shape.length) {
            throw new PatternException(
                    where + ": the " + which + " operand has " + indices.size() + " indices "
                            + indices.stream().map(Index::name).toList() + " but its shape " + Arrays.toString(shape)
                            + " has " + shape.length + " axes",
                    indices.get(0).offset());
        }
    }

    private static void bind(
            String where,
            List<Index> indices,
            long[] shape,
            String which,
            Map<String, Long> sizes,
            Map<String, String> from) {
        for (int i = 0; i < indices.size(); i++) {
            Index idx = indices.get(i);
            Long before = sizes.putIfAbsent(idx.name(), shape[i]);
            if (before != null && before != shape[i]) {
                throw new PatternException(
                        where + ": '" + idx.name() + "' is " + before + " in " + from.get(idx.name()) + " but "
                                + shape[i] + " in " + which,
                        idx.offset());
            }
            from.putIfAbsent(idx.name(), which);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
