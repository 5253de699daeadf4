package dev.vmodel.semantic.tensor;

import dev.vmodel.semantic.tensor.PatternLexer.Kind;
import dev.vmodel.semantic.tensor.PatternLexer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An einops rearrangement pattern over the per-example axes, such as {@code "(h w) c -> h w c"}:
 * names, parenthesised groups (an axis that is the product of its members, the first member
 * slowest) and the literal {@code 1} (an axis of size 1), on both sides of an arrow. The names on
 * the two sides are the same set with no repeats, so a rearrangement only reorders, splits and
 * merges axes; it never reduces or repeats. Parsing checks the text; {@link #rearrange} checks it
 * against an input shape and the given sizes.
 */
public final class EinopsPattern {
    /** One member of a group: a name, or the literal 1 when {@code name} is null. */
    private record Atom(String name, int offset) {
        boolean isOne() {
            return name == null;
        }

        String text() {
            return name == null ? "1" : name;
        }
    }

    /** One axis of one side: a bare name or 1 ({@code grouped} false), or a parenthesised group. */
    private record Group(List<Atom> atoms, boolean grouped, int offset) {
        String text() {
            String inner = atoms.stream().map(Atom::text).collect(Collectors.joining(" "));
            return grouped ? "(" + inner + ")" : inner;
        }
    }

    private final String text;
    private final List<Group> input;
    private final List<Group> output;

    private EinopsPattern(String text, List<Group> input, List<Group> output) {
        this.text = text;
        this.input = input;
        this.output = output;
    }

    /** Reads {@code pattern}, or throws a {@link PatternException} at the offending character. */
    public static EinopsPattern parse(String pattern) {
        List<Token> tokens = PatternLexer.tokens(pattern);
        int arrow = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.COMMA) {
                throw new PatternException(
                        "',' in \"" + pattern + "\": a rearrangement has one input; " + "separate axes with spaces",
                        t.offset());
            }
            if (t.kind() == Kind.ARROW) {
                if (arrow >= 0) {
                    throw new PatternException("\"" + pattern + "\" has a second ->", t.offset());
                }
                arrow = i;
            }
        }
        if (arrow < 0) {
            throw new PatternException("\"" + pattern + "\" has no -> between the input and output axes", 0);
        }
        int arrowOffset = tokens.get(arrow).offset();
        List<Group> in = side(pattern, tokens.subList(0, arrow), "input", arrowOffset);
        List<Group> out = side(pattern, tokens.subList(arrow + 1, tokens.size()), "output", arrowOffset);
        Map<String, Atom> inNames = names(pattern, in, "input");
        Map<String, Atom> outNames = names(pattern, out, "output");
        for (Atom a : inNames.values()) {
            if (!outNames.containsKey(a.name())) {
                throw new PatternException(
                        "'" + a.name() + "' is on the input side of \"" + pattern
                                + "\" but not the output; a rearrangement cannot drop an axis",
                        a.offset());
            }
        }
        for (Atom a : outNames.values()) {
            if (!inNames.containsKey(a.name())) {
                throw new PatternException(
                        "'" + a.name() + "' is on the output side of \"" + pattern
                                + "\" but not the input; a rearrangement cannot make up an axis",
                        a.offset());
            }
        }
        return new EinopsPattern(pattern.strip(), List.copyOf(in), List.copyOf(out));
    }

    private static List<Group> side(String pattern, List<Token> tokens, String which, int arrowOffset) {
        List<Group> groups = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            switch (t.kind()) {
                case NAME -> groups.add(new Group(List.of(new Atom(t.text(), t.offset())), false, t.offset()));
                case ONE -> groups.add(new Group(List.of(new Atom(null, t.offset())), false, t.offset()));
                case CLOSE -> throw new PatternException("')' in \"" + pattern + "\" closes no group", t.offset());
                case OPEN -> {
                    List<Atom> atoms = new ArrayList<>();
                    int j = i + 1;
                    for (; j < tokens.size() && tokens.get(j).kind() != Kind.CLOSE; j++) {
                        Token m = tokens.get(j);
                        if (m.kind() == Kind.OPEN) {
                            throw new PatternException("groups in \"" + pattern + "\" cannot be nested", m.offset());
                        }
                        atoms.add(new Atom(m.kind() == Kind.ONE ? null : m.text(), m.offset()));
                    }
                    if (j == tokens.size()) {
                        throw new PatternException(
                                "'(' in \"" + pattern + "\" is not closed on the " + which + " side", t.offset());
                    }
                    groups.add(new Group(List.copyOf(atoms), true, t.offset()));
                    i = j;
                }
                default -> throw new IllegalStateException("unexpected token " + t);
            }
            i++;
        }
        if (groups.isEmpty()) {
            throw new PatternException("the " + which + " side of \"" + pattern + "\" has no axes", arrowOffset);
        }
        return groups;
    }

    private static Map<String, Atom> names(String pattern, List<Group> side, String which) {
        Map<String, Atom> seen = new HashMap<>();
        for (Group g : side) {
            for (Atom a : g.atoms()) {
                if (a.isOne()) continue;
                if (seen.putIfAbsent(a.name(), a) != null) {
                    throw new PatternException(
                            "'" + a.name() + "' appears twice on the " + which + " side of \"" + pattern + "\"",
                            a.offset());
                }
            }
        }
        return seen;
    }

    /** The pattern text as written (surrounding blanks removed). */
    public String text() {
        return text;
    }

    /** The axis names, in the order of the input side. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Group g : input) {
            for (Atom a : g.atoms()) {
                if (!a.isOne()) out.add(a.name());
            }
        }
        return List.copyOf(out);
    }

    /** How many axes the input must have (a group counts as one). */
    public int inputRank() {
        return input.size();
    }

    /** How many axes the output has. */
    public int outputRank() {
        return output.size();
    }

    /**
     * Plans the rearrangement of an input of per-example shape {@code in}, with {@code sizes}
     * giving the size of some names: each input group may leave at most one size unknown, which is
     * then its axis size divided by the known ones.
     */
    public Rearrangement rearrange(long[] in, Map<String, Long> sizes) {
        String where = "rearrange \"" + text + "\" of " + Arrays.toString(in);
        if (in.length != input.size()) {
            throw new PatternException(
                    where + ": the pattern's input side has " + input.size() + " axes "
                            + input.stream().map(Group::text).toList() + " but the input has " + in.length,
                    -1);
        }
        Set<String> known = new LinkedHashSet<>(names());
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new PatternException(
                        where + ": a size is given for '" + e.getKey() + "', which is not in the pattern " + known, -1);
            }
            if (e.getValue() == null || e.getValue() < 1) {
                throw new PatternException(
                        where + ": " + e.getKey() + " = " + e.getValue() + " is not a size (sizes are at least 1)", -1);
            }
        }
        Map<String, Long> resolved = new HashMap<>(sizes);
        List<Long> split = new ArrayList<>();
        List<Integer> ones = new ArrayList<>();
        Map<String, Integer> position = new HashMap<>();
        for (int axis = 0; axis < in.length; axis++) {
            Group g = input.get(axis);
            resolveGroup(where, g, axis, in[axis], resolved);
            for (Atom a : g.atoms()) {
                if (a.isOne()) {
                    ones.add(split.size());
                    split.add(1L);
                } else {
                    position.put(a.name(), split.size());
                    split.add(resolved.get(a.name()));
                }
            }
        }
        int[] permutation = new int[split.size()];
        int p = 0;
        long[] out = new long[output.size()];
        for (int axis = 0; axis < output.size(); axis++) {
            long size = 1;
            for (Atom a : output.get(axis).atoms()) {
                if (a.isOne()) continue;
                permutation[p++] = position.get(a.name());
                size = Math.multiplyExact(size, resolved.get(a.name()));
            }
            out[axis] = size;
        }
        for (int one : ones) {
            permutation[p++] = one;
        }
        return new Rearrangement(split.stream().mapToLong(Long::longValue).toArray(), permutation, out);
    }

    /** Fills in the one unknown size of an input group, or says why the group does not fit its axis. */
    private static void resolveGroup(String where, Group g, int axis, long size, Map<String, Long> resolved) {
        long product = 1;
        List<Atom> unknown = new ArrayList<>();
        List<String> given = new ArrayList<>();
        for (Atom a : g.atoms()) {
            if (a.isOne()) continue;
            Long s = resolved.get(a.name());
            if (s == null) {
                unknown.add(a);
            } else {
                product = Math.multiplyExact(product, s);
                given.add(a.name() + " = " + s);
            }
        }
        if (!g.grouped()) {
            Atom a = g.atoms().get(0);
            if (a.isOne() && size != 1) {
                throw new PatternException(
                        where + ": the literal 1 at input axis " + axis + " needs an axis of size 1, but that axis has "
                                + size,
                        a.offset());
            }
            if (!a.isOne() && !unknown.isEmpty()) {
                resolved.put(a.name(), size);
            } else if (!a.isOne() && product != size) {
                throw new PatternException(
                        where + ": " + a.name() + " = " + product + " but input axis " + axis + " has " + size,
                        a.offset());
            }
            return;
        }
        if (unknown.size() > 1) {
            throw new PatternException(
                    where + ": " + g.text() + " has " + unknown.size() + " unknown sizes "
                            + unknown.stream().map(Atom::name).toList() + "; give all but one of them, e.g. "
                            + unknown.get(0).name() + " = ...",
                    unknown.get(1).offset());
        }
        String knownText = String.join(", ", given);
        if (unknown.size() == 1) {
            if (size % product != 0) {
                throw new PatternException(
                        where + ": " + g.text() + " has " + size + " elements but "
                                + (given.size() == 1
                                        ? knownText + " does not divide it"
                                        : knownText + " (product " + product + ") do not divide it"),
                        g.offset());
            }
            resolved.put(unknown.get(0).name(), size / product);
        } else if (product != size) {
            throw new PatternException(
                    where + ": " + g.text() + " has " + size + " elements but "
                            + (given.isEmpty() ? "only literal 1s (product 1)" : knownText + " make " + product),
                    g.offset());
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
