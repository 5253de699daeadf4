package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.semantic.tensor.PatternException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RearrangeTest extends TestBase {

    @Test
    void splitsAndMovesAxesOfAnArangeKeepingTheBatchFirst() {
        // x[b, t, c] with t = h * 3 + w  ->  y[b, c, h, w]
        Rearrange r = init(new Rearrange("(h w) c -> c h w", Map.of("h", 2L)), m, new Shape(2, 6, 2));
        NDArray x = m.arange(24f).reshape(2, 6, 2);
        NDList out = forwardList(r, m, false, x);
        assertEquals(new Shape(2, 2, 2, 3), out.singletonOrThrow().getShape());
        float[] expected = new float[24];
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 2; c++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 3; w++) {
                        expected[((b * 2 + c) * 2 + h) * 3 + w] = b * 12 + (h * 3 + w) * 2 + c;
                    }
                }
            }
        }
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(r, out, new Shape(2, 6, 2));
    }

    @Test
    void windowPartitionOfAFourByFourGrid() {
        // Swin: a 4x4 grid of 1 channel cut into four 2x2 windows, window-major.
        Rearrange r = new Rearrange("(h wh) (w ww) c -> (h w) (wh ww) c", Map.of("wh", 2L, "ww", 2L));
        NDArray x = m.arange(16f).reshape(1, 4, 4, 1);
        NDArray y = forward(r, m, x);
        assertEquals(new Shape(1, 4, 4, 1), y.getShape());
        assertClose(new float[] {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15}, y);
    }

    @Test
    void mergeIsAPlainReshape() {
        Rearrange r = new Rearrange("h w c -> (h w) c");
        NDArray x = m.arange(12f).reshape(1, 2, 3, 2);
        NDArray y = forward(r, m, x);
        assertEquals(new Shape(1, 6, 2), y.getShape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
    }

    @Test
    void badPatternAndBadShapeSayWhy() {
        assertThrows(PatternException.class, () -> new Rearrange("h w -> h"));
        Rearrange r = new Rearrange("(h w) c -> h w c", Map.of("h", 5L));
        PatternException e =
                assertThrows(PatternException.class, () -> r.getOutputShapes(new Shape[] {new Shape(2, 12, 3)}));
        assertEquals(
                "rearrange \"(h w) c -> h w c\" of [12, 3]: (h w) has 12 elements but h = 5 does not divide it",
                e.getMessage());
    }
}
