package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TokenPoolingTest extends TestBase {

    // tokens [1, 3, 2]: rows (1, 6), (4, -2), (-5, 3)
    private NDArray tokens() {
        return m.create(new float[] {1, 6, 4, -2, -5, 3}, new Shape(1, 3, 2));
    }

    // image [1, 2, 2, 2]: channel 0 = 1..4, channel 1 = -1, 5, 0, 2
    private NDArray image() {
        return m.create(new float[] {1, 2, 3, 4, -1, 5, 0, 2}, new Shape(1, 2, 2, 2));
    }

    private NDArray run(TokenPooling pool, NDArray x) throws Exception {
        init(pool, m, x.getShape());
        NDList out = forwardList(pool, m, false, x);
        assertOutputShapes(pool, out, x.getShape());
        assertEquals(0, paramCount(pool));
        TokenPooling.Mode mode = pool.getMode();
        assertSaveLoad(pool, () -> new TokenPooling(mode), m, x);
        return out.singletonOrThrow();
    }

    @Test
    void poolsTokens() throws Exception {
        assertClose(new float[] {0f, 7f / 3}, run(TokenPooling.mean(), tokens()));
        assertClose(new float[] {4f, 6f}, run(TokenPooling.max(), tokens()));
        assertClose(new float[] {1f, 6f}, run(TokenPooling.cls(), tokens()));
    }

    @Test
    void poolsImages() throws Exception {
        assertClose(new float[] {2.5f, 1.5f}, run(TokenPooling.mean(), image()));
        assertClose(new float[] {4f, 5f}, run(TokenPooling.max(), image()));
    }

    @Test
    void batchAxisIsKept() throws Exception {
        NDArray x = input(m, 3, 5, 4);
        assertEquals(new Shape(3, 4), run(TokenPooling.cls(), x).getShape());
        assertEquals(new Shape(3, 4), run(TokenPooling.mean(), x).getShape());
    }

    @Test
    void classTokenOfAnImageIsAnError() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenPooling.cls().getOutputShapes(new Shape[] {new Shape(1, 2, 2, 2)}));
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenPooling.mean().getOutputShapes(new Shape[] {new Shape(1, 2)}));
    }
}
