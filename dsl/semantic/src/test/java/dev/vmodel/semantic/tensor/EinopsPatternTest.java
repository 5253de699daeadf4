package dev.vmodel.semantic.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EinopsPatternTest {

    private static PatternException parseError(String pattern) {
        return assertThrows(PatternException.class, () -> EinopsPattern.parse(pattern));
    }

    private static PatternException planError(String pattern, long[] in, Map<String, Long> sizes) {
        EinopsPattern p = EinopsPattern.parse(pattern);
        return assertThrows(PatternException.class, () -> p.rearrange(in, sizes));
    }

    @Test
    void tokensToWindowGridSplitsBothSpatialAxes() {
        // Swin window partition of a 56x56x96 map into 7x7 windows.
        EinopsPattern p = EinopsPattern.parse("(h wh) (w ww) c -> (h w) (wh ww) c");
        assertEquals(List.of("h", "wh", "w", "ww", "c"), p.names());
        assertEquals(3, p.inputRank());
        assertEquals(3, p.outputRank());
        Rearrangement r = p.rearrange(new long[] {56, 56, 96}, Map.of("wh", 7L, "ww", 7L));
        assertArrayEquals(new long[] {8, 7, 8, 7, 96}, r.split());
        assertArrayEquals(new int[] {0, 2, 1, 3, 4}, r.permutation());
        assertArrayEquals(new long[] {64, 49, 96}, r.out());
        assertFalse(r.isReshapeOnly());
    }

    @Test
    void mergeOnlyIsOneReshape() {
        Rearrangement r = EinopsPattern.parse("h w c -> (h w) c").rearrange(new long[] {4, 5, 6}, Map.of());
        assertArrayEquals(new long[] {4, 5, 6}, r.split());
        assertArrayEquals(new int[] {0, 1, 2}, r.permutation());
        assertArrayEquals(new long[] {20, 6}, r.out());
        assertTrue(r.isReshapeOnly());
    }

    @Test
    void headsSplitAndMovedFirst() {
        Rearrangement r = EinopsPattern.parse("n (h d) -> h n d").rearrange(new long[] {49, 96}, Map.of("h", 3L));
        assertArrayEquals(new long[] {49, 3, 32}, r.split());
        assertArrayEquals(new int[] {1, 0, 2}, r.permutation());
        assertArrayEquals(new long[] {3, 49, 32}, r.out());
    }

    @Test
    void literalOnesAddAndDropSizeOneAxes() {
        Rearrangement add = EinopsPattern.parse("n c -> n 1 c").rearrange(new long[] {3, 4}, Map.of());
        assertArrayEquals(new long[] {3, 4}, add.split());
        assertArrayEquals(new int[] {0, 1}, add.permutation());
        assertArrayEquals(new long[] {3, 1, 4}, add.out());

        // The input's literal axis goes last in the permutation; it is size 1 so the order is kept.
        Rearrangement drop = EinopsPattern.parse("n 1 c -> c n").rearrange(new long[] {3, 1, 4}, Map.of());
        assertArrayEquals(new long[] {3, 1, 4}, drop.split());
        assertArrayEquals(new int[] {2, 0, 1}, drop.permutation());
        assertArrayEquals(new long[] {4, 3}, drop.out());

        Rearrangement inGroup = EinopsPattern.parse("(a 1 b) -> b a").rearrange(new long[] {6}, Map.of("a", 2L));
        assertArrayEquals(new long[] {2, 1, 3}, inGroup.split());
        assertArrayEquals(new int[] {2, 0, 1}, inGroup.permutation());
        assertArrayEquals(new long[] {3, 2}, inGroup.out());
    }

    @Test
    void givenSizeOfABareAxisMustMatch() {
        PatternException e = planError("h w c -> c h w", new long[] {4, 5, 6}, Map.of("h", 3L));
        assertEquals("rearrange \"h w c -> c h w\" of [4, 5, 6]: h = 3 but input axis 0 has 4", e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void sizeNotDividingNamesGroupAndBothSizes() {
        PatternException e = planError("(h w) c -> h w c", new long[] {3136, 96}, Map.of("h", 55L));
        assertEquals(
                "rearrange \"(h w) c -> h w c\" of [3136, 96]: (h w) has 3136 elements but h = 55 "
                        + "does not divide it",
                e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void fullyGivenGroupMustMultiplyOut() {
        PatternException e = planError("(h w) c -> h w c", new long[] {3136, 96}, Map.of("h", 55L, "w", 56L));
        assertTrue(e.getMessage().endsWith("(h w) has 3136 elements but h = 55, w = 56 make 3080"), e.getMessage());
    }

    @Test
    void twoUnknownsInOneGroup() {
        PatternException e = planError("(h w) c -> h w c", new long[] {3136, 96}, Map.of());
        assertTrue(
                e.getMessage().endsWith("(h w) has 2 unknown sizes [h, w]; give all but one of them, e.g. h = ..."),
                e.getMessage());
        assertEquals(3, e.offset());
    }

    @Test
    void wrongInputRank() {
        PatternException e = planError("h w c -> (h w) c", new long[] {3136, 96}, Map.of());
        assertEquals(
                "rearrange \"h w c -> (h w) c\" of [3136, 96]: the pattern's input side has 3 axes "
                        + "[h, w, c] but the input has 2",
                e.getMessage());
    }

    @Test
    void literalOneOnAnAxisThatIsNotOne() {
        PatternException e = planError("n 1 c -> n c", new long[] {3, 2, 4}, Map.of());
        assertTrue(
                e.getMessage().endsWith("the literal 1 at input axis 1 needs an axis of size 1, but that axis has 2"),
                e.getMessage());
        assertEquals(2, e.offset());
    }

    @Test
    void sizeForAnUnknownNameOrNotPositive() {
        assertTrue(planError("a b -> b a", new long[] {2, 3}, Map.of("z", 2L))
                .getMessage()
                .endsWith("a size is given for 'z', which is not in the pattern [a, b]"));
        assertTrue(planError("(a b) -> b a", new long[] {6}, Map.of("a", 0L))
                .getMessage()
                .endsWith("a = 0 is not a size (sizes are at least 1)"));
    }

    @Test
    void nameOnOneSideOnly() {
        PatternException dropped = parseError("h w c -> (h w)");
        assertEquals(
                "'c' is on the input side of \"h w c -> (h w)\" but not the output; "
                        + "a rearrangement cannot drop an axis",
                dropped.getMessage());
        assertEquals(4, dropped.offset());
        PatternException made = parseError("h w -> h w c");
        assertEquals(11, made.offset());
        assertTrue(made.getMessage().contains("'c' is on the output side"), made.getMessage());
    }

    @Test
    void repeatedName() {
        PatternException e = parseError("h h -> h");
        assertEquals("'h' appears twice on the input side of \"h h -> h\"", e.getMessage());
        assertEquals(2, e.offset());
        assertEquals(14, parseError("(a b) -> a (b a)").offset());
    }

    @Test
    void literalsOtherThanOne() {
        PatternException e = parseError("h 2 -> h");
        assertEquals(
                "'2' in \"h 2 -> h\" is not a name; the only number allowed is 1 (an axis of size 1)", e.getMessage());
        assertEquals(2, e.offset());
        assertEquals(0, parseError("10 a -> a").offset());
    }

    @Test
    void emptyPatternOrSide() {
        assertEquals("the pattern is empty", parseError("  ").getMessage());
        assertEquals("the pattern is empty", parseError("").getMessage());
        PatternException noInput = parseError(" -> a");
        assertEquals("the input side of \" -> a\" has no axes", noInput.getMessage());
        assertEquals(1, noInput.offset());
        assertTrue(parseError("a ->").getMessage().contains("the output side"));
    }

    @Test
    void badCharactersAndStructure() {
        PatternException e = parseError("h w . c -> c");
        assertEquals(
                "'.' at offset 4 in \"h w . c -> c\" is not allowed; a pattern has names, (groups), 1, ',' and ->",
                e.getMessage());
        assertEquals(4, e.offset());
        assertEquals(0, parseError("h w c").offset());
        assertTrue(parseError("h w c").getMessage().contains("has no ->"));
        assertEquals(7, parseError("a -> a -> a").offset());
        assertEquals(1, parseError("a, b -> a b").offset());
        assertEquals(0, parseError("(a b -> a b").offset());
        assertEquals(1, parseError("a) -> a").offset());
        assertEquals(3, parseError("(a (b)) -> a b").offset());
    }

    @Test
    void emptyGroupIsAnAxisOfSizeOne() {
        Rearrangement r = EinopsPattern.parse("a () -> () a").rearrange(new long[] {5, 1}, Map.of());
        assertArrayEquals(new long[] {5}, r.split());
        assertArrayEquals(new int[] {0}, r.permutation());
        assertArrayEquals(new long[] {1, 5}, r.out());
    }
}
