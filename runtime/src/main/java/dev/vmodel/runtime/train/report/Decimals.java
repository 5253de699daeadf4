package dev.vmodel.runtime.train.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal text of a double that reads back as the same double.
 *
 * <p>Java 17's {@code Double.toString} round-trips but sometimes prints more digits than needed
 * (JDK-4511638, fixed in Java 19: {@code 2e23} comes out as {@code 1.9999999999999998E23}), and it
 * writes {@code 3.0E-4} for a learning rate. The metric files are read by people and by other
 * tools (pandas, jq), so numbers are written with the fewest significant digits that parse back to
 * the same value, in plain notation unless the number is very large or very small (then as {@link
 * BigDecimal#toString()} writes it). The text is always a valid JSON number: {@code
 * 0.30000000000000004}, {@code 0.0003}, {@code 469}, {@code 1E-7}, {@code 1.5E+21}.
 */
final class Decimals {
    /** Whole numbers below this are written in full, from here on with an exponent, as JavaScript does. */
    private static final BigDecimal PLAIN_LIMIT = new BigDecimal("1E21");

    private Decimals() {}

    /**
     * The shortest decimal of a finite double; its {@code toString()} is the text to write.
     *
     * @param value a finite value
     * @return the decimal with the fewest significant digits that parses back to {@code value}
     */
    static BigDecimal shortest(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        if (value == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(value);
        // 17 significant digits always identify a double; the loop usually ends far earlier.
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(rounded.toString()) == value) {
                return normalized(rounded.stripTrailingZeros());
            }
        }
        throw new AssertionError("17 digits always round-trip: " + value);
    }

    private static BigDecimal normalized(BigDecimal shortest) {
        // 3000 rounds to 3E+3 (a negative scale, printed with an exponent): scale 0 prints it in full.
        if (shortest.scale() < 0 && shortest.abs().compareTo(PLAIN_LIMIT) < 0) {
            return shortest.setScale(0);
        }
        return shortest;
    }
}
