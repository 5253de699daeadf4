package dev.vmodel.runtime.flow;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.NON_POSITIVE_SIZE;
import static dev.vmodel.semantic.IssueCodes.PROBABILITY_RANGE;
import static dev.vmodel.semantic.IssueCodes.SPLIT_NOT_DIVIDING;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.LayerChecks;
import dev.vmodel.semantic.model.Primitive;
import dev.vmodel.semantic.model.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The spec's rules, applied while a generated constructor computes its shapes, so that a builder
 * override ({@code imageSize(72)} on a patch-16 model) is refused exactly as the same value in a
 * variant is: an {@link IllegalArgumentException} whose message is the validator's one line,
 * {@code FILE:LINE:COL: error: MESSAGE [vmodel.CODE]}, located at the spec text the check stands
 * for. Where the semantic model exposes a rule ({@link LayerChecks}, {@link Primitive#infer}) it is called, not copied; the
 * other messages are the validator's words, and a test holds them equal.
 *
 * <p>Every {@code where} is a spec location as {@code file.vmodel:LINE:COL}; {@code what} names
 * the value as the validator does: the layer and its argument, {@code "conv stride"}.
 */
public final class SpecChecks {

    private SpecChecks() {}

    /**
     * The output size of a sliding window (convolution or pooling) along one axis, after checking
     * that the windows fit and read every input pixel (rule {@code vmodel.does-not-tile}).
     *
     * @param where the layer's spec location
     * @param axis {@code "height"} or {@code "width"}
     * @param size the input size along the axis
     * @param kernel the window side, positive
     * @param stride the step, positive
     * @param padding the zero padding on each side, 0 or more
     * @param dilation the dilation, positive
     * @return the output size along the axis
     * @throws IllegalArgumentException with the validator's message when the windows do not tile
     */
    public static long window(
            String where, String axis, long size, long kernel, long stride, long padding, long dilation) {
        SourceLocation at = location(where);
        try {
            return LayerChecks.window(size, kernel, stride, padding, dilation, axis, at);
        } catch (SpecError e) {
            throw rejected(e, at);
        }
    }

    /**
     * Checks that an attention layer's head count divides its width ({@code
     * vmodel.heads-not-dividing}).
     *
     * @param where the attention layer's spec location
     * @param dim the width of the tokens
     * @param heads the head count
     * @throws IllegalArgumentException with the validator's message, which suggests a divisor
     */
    public static void heads(String where, long dim, long heads) {
        positiveSize(where, "attention heads", heads);
        SourceLocation at = location(where);
        Map<String, Value> args = Map.of(
                "heads", new Value.Int(heads), "qkvBias", new Value.Bool(false), "projBias", new Value.Bool(false));
        try {
            Primitive.ATTENTION.infer(args, Shape.tokens(1, dim), at);
        } catch (SpecError e) {
            throw rejected(e, at);
        }
    }

    /**
     * Checks that a group norm's groups divide the channels ({@code vmodel.split-not-dividing}).
     *
     * @param where the layer's spec location
     * @param channels the channels of the image
     * @param groups the group count
     * @throws IllegalArgumentException with the validator's message
     */
    public static void groups(String where, long channels, long groups) {
        positiveSize(where, "groupNorm groups", groups);
        SourceLocation at = location(where);
        try {
            Primitive.GROUP_NORM.infer(
                    Map.of("groups", new Value.Int(groups), "eps", new Value.Real(1e-5)),
                    Shape.image(channels, 1, 1),
                    at);
        } catch (SpecError e) {
            throw rejected(e, at);
        }
    }

    /**
     * Checks that a convolution's groups divide its input and output channels ({@code
     * vmodel.split-not-dividing}).
     *
     * @param where the layer's spec location
     * @param in the input channels
     * @param out the output channels
     * @param groups the group count
     * @throws IllegalArgumentException with the validator's message
     */
    public static void convGroups(String where, long in, long out, long groups) {
        positiveSize(where, "conv groups", groups);
        if (in % groups != 0 || out % groups != 0) {
            throw rejected(
                    where,
                    SPLIT_NOT_DIVIDING,
                    "conv: " + groups + " groups must divide both the " + in + " input channels and the " + out
                            + " output channels");
        }
    }

    /**
     * Checks a pooling layer's padding: at most half the kernel, as PyTorch requires ({@code
     * vmodel.bad-value}).
     *
     * @param where the layer's spec location
     * @param layer {@code "maxPool"} or {@code "avgPool"}
     * @param kernel the window side
     * @param padding the padding
     * @throws IllegalArgumentException with the validator's message
     */
    public static void poolPadding(String where, String layer, long kernel, long padding) {
        if (padding * 2 > kernel) {
            throw rejected(
                    where, BAD_VALUE, layer + " padding " + padding + " must be at most half the kernel " + kernel);
        }
    }

    /**
     * The padding {@code 'same'} stands for, after checking that it exists ({@code
     * vmodel.bad-value}): stride 1 and an odd dilated kernel.
     *
     * @param where the layer's spec location
     * @param kernel the window side
     * @param stride the stride
     * @param dilation the dilation
     * @return {@code dilation * (kernel - 1) / 2}
     * @throws IllegalArgumentException with the validator's message
     */
    public static long samePadding(String where, long kernel, long stride, long dilation) {
        long span = dilation * (kernel - 1);
        if (stride != 1 || span % 2 != 0) {
            throw rejected(
                    where,
                    BAD_VALUE,
                    "padding 'same' needs stride 1 and an odd kernel, got kernel " + kernel + ", stride " + stride);
        }
        return span / 2;
    }

    /**
     * The grid {@code tokens} tokens fold into, after checking that they do ({@code
     * vmodel.shape-mismatch}): a square when neither side is given, else the given sides.
     *
     * @param where the {@code grid} layer's spec location
     * @param tokens the number of tokens
     * @param height the height the spec gives, or 0 when it gives none
     * @param width the width the spec gives, or 0 when it gives none
     * @return {@code {height, width}}
     * @throws IllegalArgumentException with the validator's message
     */
    public static long[] grid(String where, long tokens, long height, long width) {
        SourceLocation at = location(where);
        Map<String, Value> args = new java.util.HashMap<>();
        if (height > 0) {
            args.put("height", new Value.Int(height));
        }
        if (width > 0) {
            args.put("width", new Value.Int(width));
        }
        try {
            Shape image =
                    Primitive.GRID.infer(args, Shape.tokens(tokens, 1), at).out();
            return new long[] {image.height(), image.width()};
        } catch (SpecError e) {
            throw rejected(e, at);
        }
    }

    /**
     * Checks that a split into equal parts divides the axis ({@code vmodel.split-not-dividing}).
     *
     * @param where the split's spec location
     * @param axis {@code "channels"} or {@code "tokens"}
     * @param total the length of the axis
     * @param parts the number of parts
     * @throws IllegalArgumentException with the validator's message
     */
    public static void divides(String where, String axis, long total, long parts) {
        if (parts <= 0 || total % parts != 0) {
            throw rejected(
                    where,
                    SPLIT_NOT_DIVIDING,
                    "cannot split " + total + " " + axis + " into " + parts + " equal parts");
        }
    }

    /**
     * Checks that the sizes of a split's parts add up to the axis ({@code
     * vmodel.split-not-dividing}).
     *
     * @param where the split's spec location
     * @param axis {@code "channels"} or {@code "tokens"}
     * @param total the length of the axis
     * @param sizes the part sizes, each positive
     * @throws IllegalArgumentException with the validator's message
     */
    public static void addsUp(String where, String axis, long total, long... sizes) {
        long sum = 0;
        for (long size : sizes) {
            sum += positiveSize(where, "part size", size);
        }
        if (sum != total) {
            throw rejected(
                    where,
                    SPLIT_NOT_DIVIDING,
                    "parts "
                            + Arrays.stream(sizes).mapToObj(String::valueOf).collect(Collectors.joining(" + "))
                            + " = " + sum + " do not add up to the " + total + " " + axis);
        }
    }

    /**
     * Checks a size: an integer greater than 0 ({@code vmodel.non-positive-size}).
     *
     * @param where the value's spec location
     * @param what what the value is, e.g. {@code "linear out"}
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException with the validator's message
     */
    public static long positiveSize(String where, String what, long value) {
        if (value <= 0) {
            throw rejected(where, NON_POSITIVE_SIZE, what + " must be a positive size, got " + value);
        }
        return value;
    }

    /**
     * Checks a count: an integer 0 or more ({@code vmodel.non-positive-size}).
     *
     * @param where the value's spec location
     * @param what what the value is, e.g. {@code "repeat count"}
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException with the validator's message
     */
    public static long nonNegative(String where, String what, long value) {
        if (value < 0) {
            throw rejected(where, NON_POSITIVE_SIZE, what + " must be 0 or more, got " + value);
        }
        return value;
    }

    /**
     * Checks a number that must be greater than 0, such as an epsilon ({@code
     * vmodel.non-positive-size}).
     *
     * @param where the value's spec location
     * @param what what the value is, e.g. {@code "layerNorm eps"}
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException with the validator's message
     */
    public static double positive(String where, String what, double value) {
        if (!(value > 0)) {
            throw rejected(
                    where, NON_POSITIVE_SIZE, what + " must be greater than 0, got " + new Value.Real(value).show());
        }
        return value;
    }

    /**
     * Checks a probability: a number in {@code [0, 1]} ({@code vmodel.probability-range}).
     *
     * @param where the value's spec location
     * @param what what the value is, e.g. {@code "dropout p"}
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException with the validator's message
     */
    public static double probability(String where, String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw rejected(
                    where,
                    PROBABILITY_RANGE,
                    what + " is a probability and must be in [0, 1], got " + new Value.Real(value).show());
        }
        return value;
    }

    /** Parses {@code file:LINE:COL} (the file may itself hold colons). */
    static SourceLocation location(String where) {
        int col = where.lastIndexOf(':');
        int line = col < 0 ? -1 : where.lastIndexOf(':', col - 1);
        try {
            if (line > 0) {
                return new SourceLocation(
                        where.substring(0, line),
                        Integer.parseInt(where.substring(line + 1, col)),
                        Integer.parseInt(where.substring(col + 1)),
                        0,
                        0);
            }
        } catch (NumberFormatException e) {
            // not a location: reported below
        }
        throw new IllegalArgumentException("not a spec location (file:line:col): " + where);
    }

    private static IllegalArgumentException rejected(String where, String code, String message) {
        return new IllegalArgumentException(
                Diagnostic.error(code, message, location(where)).format());
    }

    /** A rule's error, located at {@code at} when the rule could not say where (an overflow). */
    private static IllegalArgumentException rejected(SpecError e, SourceLocation at) {
        Diagnostic d = e.diagnostic();
        if (d.location().file().equals("?")) {
            d = Diagnostic.error(d.code(), d.message(), at);
        }
        return new IllegalArgumentException(d.format());
    }
}
