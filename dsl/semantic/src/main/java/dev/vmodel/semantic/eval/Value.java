package dev.vmodel.semantic.eval;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The result of evaluating an expression. */
public sealed interface Value {

    /** How the value reads in messages and summaries. */
    String show();

    record Int(long value) implements Value {
        public String show() {
            return Long.toString(value);
        }
    }

    record Real(double value) implements Value {
        /** The shortest form that reads back as the same double: 0.1, 1e-6, 2.0. */
        public String show() {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) return (long) value + ".0";
            return new java.math.BigDecimal(Double.toString(value))
                    .stripTrailingZeros()
                    .toString()
                    .replace("E", "e")
                    .replace("e+", "e")
                    .toLowerCase(Locale.ROOT);
        }
    }

    record Bool(boolean value) implements Value {
        public String show() {
            return Boolean.toString(value);
        }
    }

    record Text(String value) implements Value {
        public String show() {
            return '"' + value + '"';
        }
    }

    /**
     * A bare name that is not a param, index or size: a symbol such as {@code mean} or
     * {@code adamw}, meaningful only where an argument expects one.
     */
    record Symbol(String name) implements Value {
        public String show() {
            return name;
        }
    }

    /** A constructor-like call such as {@code normal(0.02)}, interpreted by whoever receives it. */
    record Construct(String name, List<Value> args) implements Value {
        public Construct {
            args = List.copyOf(args);
        }

        public String show() {
            return name + args.stream().map(Value::show).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** A weight initialiser, validated: {@code kind} is one of {@link Init#KINDS}. */
    record Init(String kind, List<Double> args) implements Value {
        /** Known initialisers and how many numeric arguments each takes. */
        public static final java.util.Map<String, Integer> KINDS = java.util.Map.ofEntries(
                java.util.Map.entry("default", 0),
                java.util.Map.entry("zeros", 0),
                java.util.Map.entry("ones", 0),
                java.util.Map.entry("constant", 1),
                java.util.Map.entry("normal", 1),
                java.util.Map.entry("truncNormal", 1),
                java.util.Map.entry("uniform", 1),
                java.util.Map.entry("xavierUniform", 0),
                java.util.Map.entry("xavierNormal", 0),
                java.util.Map.entry("kaimingUniform", 0),
                java.util.Map.entry("kaimingNormal", 0),
                java.util.Map.entry("lecunNormal", 0));

        public Init {
            args = List.copyOf(args);
        }

        public static Init of(String kind, double... args) {
            return new Init(kind, java.util.Arrays.stream(args).boxed().toList());
        }

        public String show() {
            return args.isEmpty()
                    ? kind
                    : kind + args.stream().map(a -> new Real(a).show()).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /**
     * A constant table ({@code const}): its sizes and elements in row-major order. {@code integral}
     * when every element came out an integer, so the table can index another ({@code take}).
     */
    record Table(List<Long> dims, double[] values, boolean integral) implements Value {
        public Table {
            dims = List.copyOf(dims);
        }

        public String show() {
            return "table" + dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Table t
                    && t.dims.equals(dims)
                    && t.integral == integral
                    && java.util.Arrays.equals(t.values, values);
        }

        @Override
        public int hashCode() {
            return dims.hashCode() * 31 + java.util.Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return show();
        }
    }
}
