package dev.vmodel.generator.emit.python;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Spec text and values as Python source: string literals, docstrings and comments that no spec
 * text can end early or turn into code, and numbers written so that Python reads back exactly
 * the double the spec evaluated to.
 */
final class PythonText {
    private PythonText() {}

    /** A double-quoted string literal holding exactly {@code s}. */
    static String string(String s) {
        return "\"" + escape(s, false) + "\"";
    }

    /**
     * A docstring holding {@code s}: a triple-quoted literal whose every quote and backslash is
     * escaped, so text cannot close it; line breaks other than {@code \n} are escaped too, since
     * Python would read a lone {@code \r} as one.
     */
    static String docstring(String s, String indent) {
        StringBuilder body = new StringBuilder();
        for (String line : escape(s.strip(), true).split("\n", -1)) {
            if (body.length() > 0) body.append('\n').append(line.isBlank() ? "" : indent);
            body.append(line.isBlank() ? "" : line.stripTrailing());
        }
        return "\"\"\"" + body + "\"\"\"";
    }

    private static String escape(String s, boolean keepNewlines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append(keepNewlines ? "\n" : "\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20
                            || c == 0x7f
                            || c == 0x85
                            || c == 0x2028
                            || c == 0x2029
                            || Character.isSurrogate(c)
                            || c == 0xfeff) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Text for a {@code #} comment: on one line, whatever it holds (a file name may hold a line break). */
    static String comment(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean breaks = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff;
            b.append(breaks || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
    }

    /**
     * A double as Python's {@code repr} writes it: the shortest digits that read back as the same
     * double (Java's {@code Double.toString} digits), positional between 1e-4 and 1e16, otherwise
     * scientific; infinities and NaN (never from a valid spec) as {@code float(...)}.
     */
    static String number(double v) {
        if (Double.isNaN(v)) return "float(\"nan\")";
        if (Double.isInfinite(v)) return v > 0 ? "float(\"inf\")" : "-float(\"inf\")";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale(); // v = digits[0].digits[1..] * 10^exponent
        String sign = v < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = d.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format(Locale.ROOT, "%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
        return sign + mantissa + "e" + exp;
    }

    /** Java's camel case as Python's snake case: {@code biasInit} is {@code bias_init}, {@code truncNormal} {@code trunc_normal}. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) b.append('_');
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
