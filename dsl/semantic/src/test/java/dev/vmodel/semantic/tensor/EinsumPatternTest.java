package dev.vmodel.semantic.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EinsumPatternTest {

    private static PatternException parseError(String pattern) {
        return assertThrows(PatternException.class, () -> EinsumPattern.parse(pattern));
    }

    @Test
    void matrixProduct() {
        EinsumPattern p = EinsumPattern.parse("a b, b c -> a c");
        assertEquals(List.of("a", "b"), p.first());
        assertEquals(List.of("b", "c"), p.second());
        assertEquals(List.of("a", "c"), p.output());
        EinsumPlan plan = p.resolve(new long[] {2, 3}, new long[] {3, 4});
        assertArrayEquals(new long[] {2, 4}, plan.out());
        assertEquals(24, plan.macs());
        assertEquals(List.of(), plan.batch());
        assertEquals(List.of("a"), plan.left());
        assertEquals(List.of("c"), plan.right());
        assertEquals(List.of("b"), plan.contracted());
        assertEquals(List.of(), plan.summedA());
        assertEquals(List.of(), plan.summedB());
    }

    @Test
    void attentionScores() {
        EinsumPlan plan =
                EinsumPattern.parse("h n d, h m d -> h n m").resolve(new long[] {3, 49, 32}, new long[] {3, 49, 32});
        assertArrayEquals(new long[] {3, 49, 49}, plan.out());
        assertEquals(3L * 49 * 32 * 49, plan.macs());
        assertEquals(List.of("h"), plan.batch());
        assertEquals(List.of("n"), plan.left());
        assertEquals(List.of("m"), plan.right());
        assertEquals(List.of("d"), plan.contracted());
        assertEquals(49 * 32, plan.product(List.of("n", "d")));
        assertEquals(32, plan.size("d"));
    }

    @Test
    void outputOrderAndSummedAloneIndices() {
        // XCiT cross-covariance: keys and queries transposed; plus an index in each operand alone.
        EinsumPlan plan = EinsumPattern.parse("h n d x, y h n e -> e h d")
                .resolve(new long[] {2, 5, 3, 7}, new long[] {11, 2, 5, 4});
        assertArrayEquals(new long[] {4, 2, 3}, plan.out());
        assertEquals(List.of("h"), plan.batch());
        assertEquals(List.of("d"), plan.left());
        assertEquals(List.of("e"), plan.right());
        assertEquals(List.of("n"), plan.contracted());
        assertEquals(List.of("x"), plan.summedA());
        assertEquals(List.of("y"), plan.summedB());
        assertEquals(2L * 5 * 3 * 7 * 11 * 4, plan.macs());
    }

    @Test
    void mismatchedIndexSizeNamesBothShapes() {
        EinsumPattern p = EinsumPattern.parse("h n d, h m d -> h n m");
        PatternException e =
                assertThrows(PatternException.class, () -> p.resolve(new long[] {3, 49, 32}, new long[] {4, 49, 32}));
        assertEquals(
                "einsum \"h n d, h m d -> h n m\" of [3, 49, 32] and [4, 49, 32]: 'h' is 3 in the first "
                        + "operand but 4 in the second operand",
                e.getMessage());
        assertEquals(7, e.offset());
    }

    @Test
    void wrongRank() {
        EinsumPattern p = EinsumPattern.parse("a b, b c -> a c");
        PatternException e =
                assertThrows(PatternException.class, () -> p.resolve(new long[] {2, 3, 4}, new long[] {3, 4}));
        assertEquals(
                "einsum \"a b, b c -> a c\" of [2, 3, 4] and [3, 4]: the first operand has 2 indices [a, b] "
                        + "but its shape [2, 3, 4] has 3 axes",
                e.getMessage());
        assertTrue(assertThrows(PatternException.class, () -> p.resolve(new long[] {2, 3}, new long[] {3}))
                .getMessage()
                .contains("the second operand has 2 indices"));
    }

    @Test
    void structuralErrors() {
        assertEquals("the pattern is empty", parseError("").getMessage());
        PatternException three = parseError("a, a, a -> a");
        assertEquals("einsum takes two operands but \"a, a, a -> a\" has 3", three.getMessage());
        assertEquals(8, three.offset());
        assertEquals(
                "einsum takes two operands but \"a -> a\" has 1",
                parseError("a -> a").getMessage());
        assertTrue(parseError("a, b").getMessage().contains("has no -> before the output"));
        assertEquals(3, parseError("a, -> a").offset());
        assertEquals(
                "the output of \"a, a ->\" has no indices",
                parseError("a, a ->").getMessage());
        assertEquals(9, parseError("a, b -> a, b").offset());
    }

    @Test
    void repeatedAndUnknownIndices() {
        PatternException twice = parseError("a a, a -> a");
        assertEquals("'a' appears twice in the first operand of \"a a, a -> a\"", twice.getMessage());
        assertEquals(2, twice.offset());
        assertTrue(parseError("a, a -> a a").getMessage().contains("twice in the output"));
        PatternException unknown = parseError("a b, b c -> a z");
        assertEquals("output index 'z' of \"a b, b c -> a z\" is in neither operand", unknown.getMessage());
        assertEquals(14, unknown.offset());
    }

    @Test
    void groupsOnesAndBadCharactersAreRejected() {
        PatternException group = parseError("(a b), b -> a");
        assertEquals(
                "'(' in \"(a b), b -> a\": einsum indices are plain names separated by spaces (no groups or 1)",
                group.getMessage());
        assertEquals(0, group.offset());
        assertEquals(3, parseError("a, 1 -> a").offset());
        assertEquals(3, parseError("a b. c -> a").offset());
        assertEquals(3, parseError("a, 3 -> a").offset());
    }
}
