package dev.vmodel.dsl.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The rounded figures of the per-variant hover: exact below ten thousand, three figures above. */
class LayerFactsTextTest {
    @Test
    void roundsLargeFiguresToThreeDigitsWithAUnit() {
        assertEquals("170", LayerFactsText.rounded(170));
        assertEquals("9,999", LayerFactsText.rounded(9_999));
        assertEquals("12.3 K", LayerFactsText.rounded(12_345));
        assertEquals("1.2 M", LayerFactsText.rounded(1_234_567));
        assertEquals("231 M", LayerFactsText.rounded(231_000_000));
        assertEquals("4.6 G", LayerFactsText.rounded(4_600_000_000L));
    }
}
