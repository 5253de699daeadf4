package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The constant tables of issue 12's specs hold what timm 0.9.16 computes in Python: Swin's
 * relative position index and shifted-window mask, XCiT's Fourier features. Expected values are
 * worked out by hand from timm's code (get_relative_position_index, the img_mask loop of
 * SwinTransformerBlock, PositionalEncodingFourier.forward).
 */
class NextZooConstTablesTest {

    /** The tables of one name, in the order the model reaches them. */
    private static List<Value.Table> tables(ModelInstance m, String name) {
        List<Value.Table> out = new ArrayList<>();
        NextZoo.walk(m, node -> {
            if (node instanceof Node.Const c && c.name().equals(name)) out.add(c.table());
        });
        return out;
    }

    private static double at(Value.Table t, long... index) {
        long flat = 0;
        for (int i = 0; i < index.length; i++) flat = flat * t.dims().get(i) + index[i];
        return t.values()[(int) flat];
    }

    private static long count(Value.Table t, double value) {
        long n = 0;
        for (double v : t.values()) if (v == value) n++;
        return n;
    }

    /** Offsets (dy + 6) * 13 + (dx + 6) of 7 x 7 windows: 84 for a position and itself. */
    @Test
    void swinRelativePositionIndexIsTimms() {
        Value.Table index =
                tables(NextZoo.variant("swin.vmodel", "tiny"), "relativeIndex").get(0);
        assertEquals(List.of(49L, 49L), index.dims());
        assertEquals(84, at(index, 0, 0));
        assertEquals(0, at(index, 0, 48)); // (0, 0) to (6, 6): dy = dx = -6
        assertEquals(168, at(index, 48, 0));
        assertEquals(85, at(index, 1, 0)); // dx = 1
        assertEquals(97, at(index, 8, 1)); // (1, 1) to (0, 1): dy = 1, dx = 0
        assertEquals(98, at(index, 8, 0)); // (1, 1) to (0, 0)
    }

    /**
     * Stage 1 of Swin-T (56 x 56, windows of 7, shift 3): the regular block's mask is all zeros;
     * in the shifted block's, the 7 windows of the last column and the 7 of the last row each
     * hold two regions of 28 and 21 pixels (49^2 - 28^2 - 21^2 = 1176 pairs masked), the corner
     * window four regions of 16, 12, 12 and 9 (2401 - 625 = 1776), the other 49 windows one.
     */
    @Test
    void swinShiftMaskIsTimms() {
        List<Value.Table> masks = tables(NextZoo.variant("swin.vmodel", "tiny"), "shiftMask");
        Value.Table regular = masks.get(0);
        Value.Table shifted = masks.get(1);
        assertEquals(List.of(64L, 1L, 49L, 49L), shifted.dims());
        assertEquals(64 * 49 * 49, count(regular, 0));
        assertEquals(14 * 1176 + 1776, count(shifted, -100));
        assertEquals(64 * 49 * 49 - 14 * 1176 - 1776, count(shifted, 0));
        // Window 7, top right: columns 49..52 and 53..55 are different regions.
        assertEquals(0, at(shifted, 7, 0, 0, 3));
        assertEquals(-100, at(shifted, 7, 0, 0, 4));
        assertEquals(0, at(shifted, 7, 0, 0, 42)); // same column, last row of the window
        // Window 63, bottom right: rows split too.
        assertEquals(-100, at(shifted, 63, 0, 0, 28));
        assertEquals(0, at(shifted, 63, 0, 48, 32));
        assertEquals(0, at(shifted, 0, 0, 0, 48));
    }

    /**
     * XCiT-T12/16's 14 x 14 grid: feature c < 32 is of the row, c >= 32 of the column; an even c
     * is a sine, an odd one a cosine of 2 pi (position + 1) / (14 + 1e-6) / 10000^(2 floor(k / 2) / 32).
     */
    @Test
    void xcitFourierFeaturesAreTimms() {
        Value.Table f =
                tables(NextZoo.variant("xcit.vmodel", "t12_p16"), "fourier").get(0);
        assertEquals(List.of(196L, 64L), f.dims());
        double first = 2 * Math.PI / (14 + 1e-6);
        assertEquals(Math.sin(first), at(f, 0, 0), 1e-9);
        assertEquals(Math.cos(first), at(f, 0, 1), 1e-9);
        assertEquals(Math.sin(first), at(f, 0, 32), 1e-9);
        assertEquals(Math.sin(2 * first), at(f, 14, 0), 1e-9); // row 1
        assertEquals(Math.sin(first), at(f, 14, 32), 1e-9); // column 0
        assertEquals(Math.sin(6 * first), at(f, 5, 32), 1e-9); // column 5
        assertEquals(Math.cos(first / Math.pow(10000, 6.0 / 32)), at(f, 5, 7), 1e-9); // k = 7: m = 3
        assertEquals(Math.sin(14 * first), at(f, 195, 0), 1e-9); // just short of 2 pi
    }
}
