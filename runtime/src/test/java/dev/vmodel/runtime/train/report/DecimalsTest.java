package dev.vmodel.runtime.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalsTest {
    private static String text(double value) {
        return Decimals.shortest(value).toString();
    }

    @Test
    void writesTheFewestDigitsInPlainNotation() {
        assertEquals("0.30000000000000004", text(0.1 + 0.2));
        assertEquals("0.1", text(0.1));
        assertEquals("0.0003", text(3e-4));
        assertEquals("469", text(469.0));
        assertEquals("3000", text(3000.0));
        assertEquals("-2.5", text(-2.5));
        assertEquals("0", text(0.0));
        assertEquals("0.3333333333333333", text(1.0 / 3));
    }

    @Test
    void usesAnExponentOnlyForVeryLargeAndVerySmallNumbers() {
        assertEquals("0.000001", text(1e-6));
        assertEquals("1E-7", text(1e-7));
        assertEquals("1.5E+21", text(1.5e21));
        assertEquals("100000000000000000000", text(1e20));
    }

    @Test
    void isShorterThanJava17sToStringWhereThatOneIsNot() {
        // Java 17 prints 2e23 as 1.9999999999999998E23 and 4.9E-324 for the least double (JDK-4511638).
        assertEquals("2E+23", text(2e23));
        assertEquals("5E-324", text(Double.MIN_VALUE));
    }

    @Test
    void everyValueReadsBackExactly() {
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(value) || value == 0) {
                continue;
            }
            String text = text(value);
            assertEquals(value, Double.parseDouble(text), text);
            // Never longer than Java's own digits (which always round-trip).
            assertTrue(digits(text) <= digits(Double.toString(value)), text + " vs " + value);
        }
    }

    @Test
    void refusesNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> Decimals.shortest(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Decimals.shortest(Double.POSITIVE_INFINITY));
    }

    /** Significant digits of a decimal text. */
    private static int digits(String text) {
        String mantissa = text.replaceFirst("[eE].*", "").replace("-", "").replace(".", "");
        return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
    }
}
