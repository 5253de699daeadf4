package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ImageTokensTest extends TestBase {

    @Test
    void imageToTokensIsFlattenThenTranspose() throws Exception {
        int b = 2, c = 3, h = 2, w = 4;
        ImageToTokens toTokens = init(new ImageToTokens(), m, new Shape(b, c, h, w));
        NDArray x = m.arange(0f, b * c * h * w).reshape(b, c, h, w);
        NDList out = forwardList(toTokens, m, false, x);
        float[] expected = new float[b * h * w * c];
        for (int bb = 0; bb < b; bb++) {
            for (int cc = 0; cc < c; cc++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        // token i*w + j, feature cc  <-  pixel (cc, i, j)
                        expected[(bb * h * w + i * w + j) * c + cc] = ((bb * c + cc) * h + i) * w + j;
                    }
                }
            }
        }
        assertEquals(new Shape(b, h * w, c), out.singletonOrThrow().getShape());
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(toTokens, out, new Shape(b, c, h, w));
        assertEquals(0, paramCount(toTokens));
        assertSaveLoad(toTokens, ImageToTokens::new, m, x);
    }

    @Test
    void tokensToGridIsTheExactInverse() throws Exception {
        int b = 2, c = 3, h = 2, w = 4;
        NDArray x = input(m, b, c, h, w);
        ImageToTokens toTokens = init(new ImageToTokens(), m, x.getShape());
        TokensToGrid toGrid = init(new TokensToGrid(h, w), m, new Shape(b, h * w, c));
        NDArray tokens = forward(toTokens, m, x);
        NDList back = forwardList(toGrid, m, false, tokens);
        assertArrayEquals(x.toFloatArray(), back.singletonOrThrow().toFloatArray(), 0f);
        assertEquals(x.getShape(), back.singletonOrThrow().getShape());
        assertOutputShapes(toGrid, back, tokens.getShape());
        assertSaveLoad(toGrid, () -> new TokensToGrid(h, w), m, tokens);
    }

    @Test
    void gridMustFit() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new TokensToGrid(3, 3).getOutputShapes(new Shape[] {new Shape(1, 8, 2)}));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageToTokens().getOutputShapes(new Shape[] {new Shape(1, 8, 2)}));
    }
}
