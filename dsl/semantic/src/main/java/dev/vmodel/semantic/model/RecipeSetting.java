package dev.vmodel.semantic.model;

import dev.vmodel.semantic.eval.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The settings of a {@link TrainRecipe}, in the order of its components, each with the kind and
 * range of values it takes. The one place these rules live: the language's {@code train { }}
 * section, {@link TrainRecipe.Builder#build()} and {@link TrainRecipe#with(String, String)} (a
 * command line, a Maven property) all check a value here, so they accept and refuse the same
 * values.
 */
public enum RecipeSetting {
    OPTIMIZER("optimizer", symbols("adamw", "adam", "sgd")),
    LR("lr", Kind.NUMBER, "a positive number", v -> v > 0),
    MIN_LR("minLr", Kind.NUMBER, "a number of at least 0", v -> v >= 0),
    WARMUP_LR("warmupLr", Kind.NUMBER, "a number of at least 0", v -> v >= 0),
    WEIGHT_DECAY("weightDecay", Kind.NUMBER, "a number of at least 0", v -> v >= 0),
    MOMENTUM("momentum", Kind.NUMBER, "a number in [0, 1)", v -> v >= 0 && v < 1),
    NESTEROV("nesterov", Kind.BOOLEAN, "true or false", v -> true),
    BETA1("beta1", Kind.NUMBER, "a number in [0, 1)", v -> v >= 0 && v < 1),
    BETA2("beta2", Kind.NUMBER, "a number in [0, 1)", v -> v >= 0 && v < 1),
    EPS("eps", Kind.NUMBER, "a positive number", v -> v > 0),
    WARMUP_EPOCHS("warmupEpochs", Kind.WHOLE, "a whole number of at least 0", v -> v >= 0),
    SCHEDULE("schedule", symbols("cosine", "step", "constant", "linear")),
    DECAY_EPOCHS("decayEpochs", Kind.WHOLE, "a positive whole number", v -> v > 0),
    DECAY_RATE("decayRate", Kind.NUMBER, "a number in (0, 1]", v -> v > 0 && v <= 1),
    LABEL_SMOOTHING("labelSmoothing", Kind.NUMBER, "a number in [0, 1)", v -> v >= 0 && v < 1),
    EPOCHS("epochs", Kind.WHOLE, "a positive whole number", v -> v > 0),
    BATCH("batch", Kind.WHOLE, "a positive whole number", v -> v > 0),
    CLIP_GRAD("clipGrad", Kind.NUMBER, "a number of at least 0 (0 = off)", v -> v >= 0),
    SEED("seed", Kind.WHOLE, "a whole number", v -> true),
    DATASET("dataset", symbols("imagenet", "cifar10", "cifar100", "mnist", "fashionMnist", "folder", "synthetic")),
    VALIDATION_SPLIT("validationSplit", Kind.NUMBER, "a number in [0, 1)", v -> v >= 0 && v < 1),
    NORMALIZE("normalize", symbols("auto", "imagenet", "cifar", "mnist", "half", "none")),
    CROP_PADDING("cropPadding", Kind.WHOLE, "a whole number of at least 0 (0 = off)", v -> v >= 0),
    RANDOM_RESIZED_CROP("randomResizedCrop", Kind.BOOLEAN, "true or false", v -> true),
    MIN_SCALE("minScale", Kind.NUMBER, "a number in (0, 1]", v -> v > 0 && v <= 1),
    HFLIP("hflip", Kind.BOOLEAN, "true or false", v -> true),
    MIXUP("mixup", Kind.NUMBER, "a number of at least 0 (0 = off)", v -> v >= 0),
    CUTMIX("cutmix", Kind.NUMBER, "a number of at least 0 (0 = off)", v -> v >= 0);

    /** The Java type of a setting's value. */
    public enum Kind {
        /** A {@link Double}. */
        NUMBER,
        /** A {@link Long}. */
        WHOLE,
        /** A {@link Boolean}. */
        BOOLEAN,
        /** A {@link String}, one of {@link RecipeSetting#symbols()}. */
        SYMBOL
    }

    /**
     * Two settings whose values must be ordered: {@code lower < upper} when strict, else {@code
     * lower <= upper}.
     *
     * @param lower the setting that must be smaller
     * @param upper the setting that bounds it
     * @param strict whether equal values are refused
     */
    public record Relation(RecipeSetting lower, RecipeSetting upper, boolean strict) {
        /**
         * Whether two values of these settings are in order.
         *
         * @param lowerValue the value of {@link #lower()}
         * @param upperValue the value of {@link #upper()}
         * @return whether they are
         */
        public boolean holds(Object lowerValue, Object upperValue) {
            double a = ((Number) lowerValue).doubleValue();
            double b = ((Number) upperValue).doubleValue();
            return strict ? a < b : a <= b;
        }

        /**
         * Says what is wrong with two values out of order: {@code warmupEpochs (10) must be less
         * than epochs (5)}.
         *
         * @param lowerValue the value of {@link #lower()}
         * @param upperValue the value of {@link #upper()}
         * @return the message
         */
        public String problem(Object lowerValue, Object upperValue) {
            return lower.key + " (" + show(lowerValue) + ") must be " + (strict ? "less than " : "at most ") + upper.key
                    + " (" + show(upperValue) + ")";
        }
    }

    /** The relations between settings a recipe must satisfy. */
    public static final List<Relation> RELATIONS =
            List.of(new Relation(WARMUP_EPOCHS, EPOCHS, true), new Relation(MIN_LR, LR, false));

    private final String key;
    private final Kind kind;
    private final String expects;
    private final List<String> symbols;
    private final Predicate<Double> range;

    RecipeSetting(String key, Kind kind, String expects, Predicate<Double> range) {
        this.key = key;
        this.kind = kind;
        this.expects = expects;
        this.symbols = List.of();
        this.range = range;
    }

    RecipeSetting(String key, List<String> symbols) {
        this.key = key;
        this.kind = Kind.SYMBOL;
        this.expects = "one of " + String.join(", ", symbols);
        this.symbols = symbols;
        this.range = v -> true;
    }

    private static List<String> symbols(String... names) {
        return List.of(names);
    }

    /**
     * Returns the name of the setting in specs and on command lines, e.g. {@code warmupEpochs}.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns the Java type of the setting's value.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns what the setting takes, for messages: {@code a positive number}, {@code one of
     * adamw, adam, sgd}.
     *
     * @return the description
     */
    public String expects() {
        return expects;
    }

    /**
     * Returns the names a symbol setting takes, in the order shown; empty for other kinds.
     *
     * @return the symbols
     */
    public List<String> symbols() {
        return symbols;
    }

    /**
     * Returns the setting of this key.
     *
     * @param key a key such as {@code lr}
     * @return the setting, or empty for an unknown key
     */
    public static Optional<RecipeSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /**
     * Returns every key, in order.
     *
     * @return the keys
     */
    public static List<String> keys() {
        return Arrays.stream(values()).map(RecipeSetting::key).toList();
    }

    /**
     * Whether a value of this setting's kind is in its range. A number must also fit a 32-bit float
     * (or be 0), in which training computes, as numbers of the language must.
     *
     * @param value a {@code Double}, {@code Long}, {@code Boolean} or {@code String} as {@link #kind()}
     *     says
     * @return whether the setting takes it
     */
    public boolean accepts(Object value) {
        return switch (kind) {
            case NUMBER -> value instanceof Double d && fitsFloat(d) && range.test(d);
            case WHOLE -> value instanceof Long l && range.test(l.doubleValue());
            case BOOLEAN -> value instanceof Boolean;
            case SYMBOL -> value instanceof String s && symbols.contains(s);
        };
    }

    /**
     * Reads a value of this setting from text, as a command line or a Maven property gives it:
     * numbers as the language writes them ({@code 5.5e-4}, {@code 300}; a whole number may be
     * written {@code 3e2}), {@code true} or {@code false}, a symbol by its name (quotes around it
     * are dropped). The range is checked too.
     *
     * @param text the text
     * @return the value, of the type {@link #kind()} names
     * @throws IllegalArgumentException {@code bad value 'abc' for recipe setting 'lr' (expects a
     *     positive number)}
     */
    public Object parse(String text) {
        String t = text.strip();
        Object value = switch (kind) {
            case NUMBER -> NUMBER_TEXT.matcher(t).matches() ? Double.valueOf(t) : null;
            case WHOLE -> whole(t);
            case BOOLEAN -> t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
            case SYMBOL ->
                t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
        };
        if (value instanceof Double d && !fitsFloat(d) && Double.isFinite(d)) {
            throw new IllegalArgumentException("bad value '" + text + "' for recipe setting '" + key
                    + "' (outside the range of a 32-bit float, in which training computes)");
        }
        if (value == null || !accepts(value)) {
            throw new IllegalArgumentException(
                    "bad value '" + text + "' for recipe setting '" + key + "' (expects " + expects + ")");
        }
        return value;
    }

    /** A decimal number as the language writes one: no hexadecimal, no {@code NaN}, no {@code 1d}. */
    private static final Pattern NUMBER_TEXT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static Long whole(String t) {
        if (!NUMBER_TEXT.matcher(t).matches()) return null;
        try {
            return Long.valueOf(t);
        } catch (NumberFormatException e) {
            double d = Double.parseDouble(t);
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d : null;
        }
    }

    /** Whether a double survives as a float: 0, or neither rounded to 0 nor to infinity. */
    static boolean fitsFloat(double d) {
        return Double.isFinite(d) && (d == 0 || ((float) d != 0 && !Float.isInfinite((float) d)));
    }

    /** A value as messages show it: numbers as the language writes them ({@code 1e-5}, {@code 0.1}). */
    static String show(Object value) {
        return value instanceof Double d && Double.isFinite(d) ? new Value.Real(d).show() : String.valueOf(value);
    }

    /**
     * Checks the values of a whole recipe, one per setting in order: each in its range, then the
     * {@link #RELATIONS}.
     *
     * @throws IllegalArgumentException naming the first setting that is wrong
     */
    static void check(Object[] values) {
        RecipeSetting[] all = values();
        for (int i = 0; i < all.length; i++) {
            if (!all[i].accepts(values[i])) {
                throw new IllegalArgumentException("bad value '" + show(values[i]) + "' for recipe setting '"
                        + all[i].key + "' (expects " + all[i].expects + ")");
            }
        }
        for (Relation r : RELATIONS) {
            Object lower = values[r.lower().ordinal()];
            Object upper = values[r.upper().ordinal()];
            if (!r.holds(lower, upper)) throw new IllegalArgumentException(r.problem(lower, upper));
        }
    }
}
