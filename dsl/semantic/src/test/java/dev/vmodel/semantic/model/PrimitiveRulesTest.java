package dev.vmodel.semantic.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each primitive's shape and cost rule ({@link Primitive#infer}), against hand-computed PyTorch figures. */
class PrimitiveRulesTest {
    private static final SourceLocation AT = new SourceLocation("t.vmodel", 1, 1, 0, 1);

    /** Arguments with the primitive's defaults filled in, as the elaborator passes them. */
    private static Map<String, Value> args(Primitive p, Object... kv) {
        Map<String, Value> given = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            given.put(
                    (String) kv[i],
                    v instanceof Integer n
                            ? new Value.Int(n)
                            : v instanceof Boolean b
                                    ? new Value.Bool(b)
                                    : v instanceof Double d ? new Value.Real(d) : new Value.Symbol((String) v));
        }
        Map<String, Value> all = new LinkedHashMap<>();
        for (Primitive.Param param : p.params()) {
            Value v = given.containsKey(param.name())
                    ? given.get(param.name())
                    : param.defaultFrom() != null ? all.get(param.defaultFrom()) : param.byDefault();
            if (v != null) all.put(param.name(), v);
        }
        return all;
    }

    private static Primitive.Result apply(Primitive p, Shape in, Object... kv) {
        return p.infer(args(p, kv), in, AT);
    }

    private static String failure(Primitive p, Shape in, Object... kv) {
        SpecError e = assertThrows(SpecError.class, () -> apply(p, in, kv));
        return e.diagnostic().code() + " " + e.diagnostic().message();
    }

    @Test
    void linearActsOnTheLastAxis() {
        Primitive.Result r = apply(Primitive.LINEAR, Shape.tokens(196, 128), "out", 768);
        assertEquals(Shape.tokens(196, 768), r.out());
        assertEquals(new Cost(128 * 768 + 768, 196L * 128 * 768, 0), r.cost());
        assertEquals(
                128 * 10,
                apply(Primitive.LINEAR, Shape.vector(128), "out", 10, "bias", false)
                        .cost()
                        .params());
    }

    @Test
    void patchConvolutionMatchesPyTorch() {
        Primitive.Result r = apply(Primitive.CONV, Shape.image(3, 224, 224), "out", 128, "kernel", 16, "stride", 16);
        assertEquals(Shape.image(128, 14, 14), r.out());
        assertEquals(3 * 16 * 16 * 128 + 128, r.cost().params());
        assertEquals(128L * 14 * 14 * 3 * 16 * 16, r.cost().macs());
    }

    @Test
    void cctTokenizerStageShapes() {
        // Conv(k7, stride 2, padding 3) then MaxPool(3, 2, 1): 224 -> 112 -> 56.
        Shape conv = apply(
                        Primitive.CONV,
                        Shape.image(3, 224, 224),
                        "out",
                        64,
                        "kernel",
                        7,
                        "stride",
                        2,
                        "padding",
                        3,
                        "bias",
                        false)
                .out();
        assertEquals(Shape.image(64, 112, 112), conv);
        assertEquals(
                Shape.image(64, 56, 56),
                apply(Primitive.MAX_POOL, conv, "kernel", 3, "stride", 2, "padding", 1)
                        .out());
        assertEquals(
                Shape.image(64, 16, 16),
                apply(Primitive.MAX_POOL, Shape.image(64, 32, 32), "kernel", 3, "stride", 2, "padding", 1)
                        .out());
    }

    @Test
    void samePaddingKeepsTheSize() {
        assertEquals(
                Shape.image(8, 15, 15),
                apply(Primitive.CONV, Shape.image(8, 15, 15), "out", 8, "kernel", 5, "padding", "same", "groups", 8)
                        .out());
        assertTrue(failure(Primitive.CONV, Shape.image(8, 16, 16), "out", 8, "kernel", 4, "padding", "same")
                .startsWith(IssueCodes.BAD_VALUE));
    }

    @Test
    void aPatchThatDoesNotTileTheImageIsAnError() {
        String f = failure(Primitive.CONV, Shape.image(3, 225, 225), "out", 8, "kernel", 16, "stride", 16);
        assertTrue(f.startsWith(IssueCodes.DOES_NOT_TILE), f);
        assertTrue(f.contains("225"), f);
        assertTrue(failure(Primitive.CONV, Shape.image(3, 8, 8), "out", 8, "kernel", 16, "stride", 16)
                .startsWith(IssueCodes.DOES_NOT_TILE));
    }

    @Test
    void attentionCountsAndChecksHeads() {
        Primitive.Result r = apply(Primitive.ATTENTION, Shape.tokens(256, 256), "heads", 4);
        assertEquals(3 * 256 * 256 + 256 * 256 + 256, r.cost().params());
        assertEquals(4L * 256 * 256 * 256, r.cost().macs());
        assertEquals(2L * 256 * 256 * 256, r.cost().attentionMacs());
        String f = failure(Primitive.ATTENTION, Shape.tokens(64, 512), "heads", 10);
        assertTrue(f.startsWith(IssueCodes.HEADS_NOT_DIVIDING), f);
        assertTrue(f.contains("512") && f.contains("10 heads") && f.contains("e.g. 8"), f);
    }

    @Test
    void tokenOperationsRejectImagesAndImageOperationsRejectTokens() {
        assertTrue(failure(Primitive.ATTENTION, Shape.image(3, 32, 32), "heads", 1)
                .startsWith(IssueCodes.TOKEN_OP_ON_IMAGE));
        assertTrue(
                failure(Primitive.LINEAR, Shape.image(3, 32, 32), "out", 4).startsWith(IssueCodes.TOKEN_OP_ON_IMAGE));
        assertTrue(failure(Primitive.CONV, Shape.tokens(4, 4), "out", 4, "kernel", 1)
                .startsWith(IssueCodes.IMAGE_OP_ON_TOKENS));
        assertTrue(
                failure(Primitive.MAX_POOL, Shape.tokens(4, 4), "kernel", 2).startsWith(IssueCodes.IMAGE_OP_ON_TOKENS));
    }

    @Test
    void tokenLayoutChanges() {
        assertEquals(
                Shape.tokens(196, 128),
                apply(Primitive.TOKENS, Shape.image(128, 14, 14)).out());
        assertEquals(
                Shape.image(128, 14, 14),
                apply(Primitive.GRID, Shape.tokens(196, 128)).out());
        assertEquals(
                Shape.image(16, 2, 8),
                apply(Primitive.GRID, Shape.tokens(16, 16), "height", 2).out());
        assertTrue(failure(Primitive.GRID, Shape.tokens(10, 4)).startsWith(IssueCodes.SHAPE_MISMATCH));
        Primitive.Result cls = apply(Primitive.CLASS_TOKEN, Shape.tokens(196, 192));
        assertEquals(Shape.tokens(197, 192), cls.out());
        assertEquals(192, cls.cost().params());
        assertEquals(
                196 * 192,
                apply(Primitive.POS_EMBED, Shape.tokens(196, 192)).cost().params());
        assertEquals(
                0,
                apply(Primitive.POS_EMBED, Shape.tokens(196, 192), "kind", "sinusoidal")
                        .cost()
                        .params());
    }

    @Test
    void poolingToAVector() {
        assertEquals(
                Shape.vector(128),
                apply(Primitive.POOL, Shape.tokens(196, 128), "kind", "mean").out());
        assertEquals(
                Shape.vector(64),
                apply(Primitive.POOL, Shape.image(64, 7, 7), "kind", "max").out());
        Primitive.Result seq = apply(Primitive.POOL, Shape.tokens(256, 256), "kind", "seq");
        assertEquals(257, seq.cost().params());
        assertTrue(
                failure(Primitive.POOL, Shape.image(3, 4, 4), "kind", "cls").startsWith(IssueCodes.TOKEN_OP_ON_IMAGE));
    }

    @Test
    void normsAndScales() {
        assertEquals(
                2 * 128,
                apply(Primitive.LAYER_NORM, Shape.tokens(196, 128)).cost().params());
        assertEquals(
                0,
                apply(Primitive.LAYER_NORM, Shape.tokens(196, 128), "affine", false)
                        .cost()
                        .params());
        assertEquals(
                2 * 64,
                apply(Primitive.BATCH_NORM, Shape.image(64, 8, 8)).cost().params());
        assertTrue(failure(Primitive.GROUP_NORM, Shape.image(30, 8, 8), "groups", 4)
                .startsWith(IssueCodes.SPLIT_NOT_DIVIDING));
        assertEquals(384, apply(Primitive.SCALE, Shape.tokens(196, 384)).cost().params());
        assertEquals(768, apply(Primitive.AFFINE, Shape.tokens(196, 384)).cost().params());
    }

    @Test
    void theHeadSuggestionIsTheNearestDivisorAndBoundedForAnySize() {
        assertEquals(8, LayerChecks.divisorNear(512, 10));
        assertEquals(8, LayerChecks.divisorNear(768, 10)); // 8 and 12 are both 2 away: the smaller
        assertEquals(12, LayerChecks.divisorNear(768, 11));
        // it used to step one by one from the head count: 10^12 steps
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(8, LayerChecks.divisorNear(8, 1_000_000_000_000L));
            assertEquals(1, LayerChecks.divisorNear(999_999_999_999_999_989L, 7)); // no divisor below 10^6
            LayerChecks.divisorNear(Long.MAX_VALUE, 3);
        });
    }
}
