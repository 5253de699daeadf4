package dev.vmodel.dsl.validation;

import static dev.vmodel.semantic.IssueCodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The general tensor constructs of issue 12 as the validator sees them: shapes and counts they
 * give, and one located message per misuse, naming the shapes involved.
 */
class TensorConstructsValidationTest {
    @TempDir
    Path dir;

    SpecFixture specs;

    @BeforeEach
    void setUp() {
        specs = new SpecFixture(dir);
    }

    /** A model on tokens [16, 8] around one body; the body starts on line 5. */
    private SpecFixture.Checked tokens(String body) {
        return specs.check("""
                model M {
                  param heads = 2
                  input tokens(16, 8)
                  classes 10
                """ + body + """

                  pool(mean) -> linear(classes)
                }
                """);
    }

    private static List<Step> steps(SpecFixture.Checked c) {
        return c.instances().get(0).body().steps();
    }

    @Test
    void attentionWrittenWithEinsumCountsAsTheQkvAndProjectionLayers() {
        SpecFixture.Checked c = tokens("""
                  qkv: linear(channels * 3)
                  split channels into q, k, v
                  qh = q -> rearrange("n (h d) -> h n d", h = heads) -> times(pow(channels, -0.5))
                  kh = k -> rearrange("n (h d) -> h n d", h = heads)
                  vh = v -> rearrange("n (h d) -> h n d", h = heads)
                  scores = einsum("h n d, h m d -> h n m", qh, kh)
                  attn = scores -> softmax
                  mixed = einsum("h n m, h m d -> h n d", attn, vh)
                  mixed -> rearrange("h n d -> n (h d)") -> proj: linear(channels)""");
        assertFalse(c.hasErrors(), c.listing());
        // qkv 8 x 24 + 24, proj 8 x 8 + 8, head 8 x 10 + 10, as attention(2, qkvBias = true) plus the head
        assertEquals(216 + 72 + 90, c.instances().get(0).cost().params());
        Node.Einsum scores = (Node.Einsum) steps(c).stream()
                .map(Step::node)
                .filter(n -> n instanceof Node.Einsum)
                .findFirst()
                .orElseThrow();
        assertEquals("tensor[2,16,16]", scores.out().toString());
        assertEquals(2 * 16 * 16 * 4, scores.cost().attentionMacs());
    }

    @Test
    void aConstTableIsEvaluatedAtEveryIndex() {
        SpecFixture.Checked c = tokens("""
                  const offset[3, 3](i, j) = (i - j + 2) * select(i >= j, 1, 10)
                  table = weight(41, channels, init = zeros)
                  bias = take(table, offset)
                  rows = bias -> rearrange("n m c -> (n m) c") -> slice(0, 16)
                  rows""");
        assertFalse(c.hasErrors(), c.listing());
        Node.Const offset = (Node.Const) steps(c).get(0).node();
        // i - j + 2 where i >= j, else ten times it
        assertEquals(
                List.of(2.0, 10.0, 0.0, 3.0, 2.0, 10.0, 4.0, 3.0, 2.0),
                java.util.Arrays.stream(offset.table().values()).boxed().toList());
        assertTrue(offset.table().integral());
    }

    @Test
    void aConstTableIsEvaluatedOncePerValuesItReads() {
        String spec = """
                block Offset(k) {
                  const base[8](i) = i * k
                  const next[8](i) = base[i] + 1
                  y = identity
                  z = y + next
                  z
                }
                model M {
                  input tokens(16, 8)
                  classes 10
                  Offset(1) -> Offset(2) -> Offset(1)
                  pool(mean) -> linear(classes)
                }
                """;
        SpecFixture.Checked c = specs.check(spec);
        assertFalse(c.hasErrors(), c.listing());
        List<Node.Const> next = steps(c).stream()
                .limit(3)
                .map(s -> ((Node.BlockCall) s.node()).body().steps().get(1).node())
                .map(Node.Const.class::cast)
                .toList();
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), values(next.get(0)));
        assertEquals(List.of(1.0, 3.0, 5.0, 7.0, 9.0, 11.0, 13.0, 15.0), values(next.get(1)), "k = 2 reads new values");
        assertSame(next.get(0).table(), next.get(2).table(), "k = 1 again: the table evaluated for the first call");
        // a fresh check of the same text (an editor revalidating) reuses it too
        Node.BlockCall again = (Node.BlockCall) steps(specs.check(spec)).get(0).node();
        assertSame(
                next.get(0).table(), ((Node.Const) again.body().steps().get(1).node()).table());
    }

    private static List<Double> values(Node.Const c) {
        return java.util.Arrays.stream(c.table().values()).boxed().toList();
    }

    @Test
    void rearrangeThatDoesNotDivideNamesBothShapes() {
        Diagnostic d = tokens("  rearrange(\"(h w) c -> h w c\", h = 5)").error(SHAPE_MISMATCH, 5);
        assertTrue(d.message().contains("[16, 8]"), d.message());
        assertTrue(d.message().contains("h = 5"), d.message());
    }

    @Test
    void rearrangeWithANameOnOneSideOnly() {
        tokens("  rearrange(\"n c -> n c k\")").error(SHAPE_MISMATCH, 5);
    }

    @Test
    void einsumOfMismatchedIndicesNamesBothValues() {
        Diagnostic d = tokens("""
                  a = rearrange("n (h d) -> h n d", h = 2)
                  b = rearrange("n (h d) -> h n d", h = 4)
                  s = einsum("h n d, h m d -> h n m", a, b)
                  s -> rearrange("h n m -> n (h m)") -> linear(8)""").error(SHAPE_MISMATCH, 7);
        assertTrue(d.message().contains("a tensor[2,16,4]") && d.message().contains("b tensor[4,16,2]"), d.message());
    }

    @Test
    void einsumOfAnUndefinedValue() {
        tokens("  s = einsum(\"n d, m d -> n m\", x, nothing)").error(UNDEFINED_VALUE, 5);
    }

    @Test
    void takeNeedsAnIntegerTableWithinTheRows() {
        tokens("""
                  const idx[2](i) = i + 0.5
                  t = weight(4, 8)
                  b = take(t, idx)""").error(TYPE_MISMATCH, 7);
        Diagnostic d = tokens("""
                  const idx[2](i) = i * 4
                  t = weight(4, 8)
                  b = take(t, idx)""").error(SHAPE_MISMATCH, 7);
        assertTrue(d.message().contains("holds 4, outside the 4 rows"), d.message());
    }

    @Test
    void mergeOfShapesThatDoNotBroadcast() {
        Diagnostic d = tokens("""
                  t = weight(3, 8)
                  split channels into u, v
                  w = concat(u, v)
                  y = w + t""").error(MERGE_MISMATCH, 8);
        assertTrue(d.message().contains("do not broadcast"), d.message());
    }

    @Test
    void aWeightBroadcastsAgainstTokens() {
        SpecFixture.Checked c = tokens("""
                  gamma = weight(8, init = ones)
                  split channels into u, v
                  w = concat(u, v)
                  w * gamma""");
        assertFalse(c.hasErrors(), c.listing());
        Node.Merge product = (Node.Merge) steps(c).get(3).node();
        assertEquals("tokens[16,8]", product.out().toString());
        assertEquals(8 + 90, c.instances().get(0).cost().params());
    }

    @Test
    void constWithTooFewIndexNames() {
        tokens("  const t[2, 3](i) = i").error(BAD_VALUE, 5);
    }

    @Test
    void indexOutsideAnEarlierTable() {
        Diagnostic d = tokens("""
                  const a[2](i) = i
                  const b[3](i) = a[i]""").error(TYPE_MISMATCH, 6);
        assertTrue(d.message().contains("outside axis 0 of a (size 2)"), d.message());
    }

    @Test
    void rollAlongAnAxisThatDoesNotExist() {
        Diagnostic d = tokens("  roll(1, axis = 2)").error(SHAPE_MISMATCH, 5);
        assertTrue(d.message().contains("tokens[16,8]"), d.message());
    }

    @Test
    void sliceThatKeepsNothing() {
        tokens("  slice(20)").error(SHAPE_MISMATCH, 5);
    }

    @Test
    void weightWithoutSizes() {
        tokens("  t = weight(init = zeros)").error(MISSING_ARGUMENT, 5);
    }
}
