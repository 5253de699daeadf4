package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ClassTokenTest extends TestBase {

    @Test
    void prependsTheTokenToEveryExample() throws Exception {
        ClassToken cls = init(new ClassToken(), m, new Shape(2, 3, 2));
        assertEquals(2, paramCount(cls));
        assertClose(new float[] {0, 0}, cls.getToken().getArray()); // zeros by default
        set(cls.getToken(), 7f, -7f);
        NDArray x = input(m, 2, 3, 2);
        float[] xv = x.toFloatArray();
        float[] expected = new float[16];
        for (int b = 0; b < 2; b++) {
            expected[b * 8] = 7f;
            expected[b * 8 + 1] = -7f;
            System.arraycopy(xv, b * 6, expected, b * 8 + 2, 6);
        }
        NDList out = forwardList(cls, m, false, x);
        assertEquals(new Shape(2, 4, 2), out.singletonOrThrow().getShape());
        assertClose(expected, out.singletonOrThrow());
        assertOutputShapes(cls, out, new Shape(2, 3, 2));
        assertSaveLoad(cls, ClassToken::new, m, x);
        assertGradients(cls, m, x);
    }
}
