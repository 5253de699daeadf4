package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.Engines;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutMaskTest extends TestBase {

    @Test
    void keepsEachElementWithProbabilityOneMinusRate() {
        Engines.seed(99);
        float rate = 0.1f;
        int n = 200_000;
        float[] mask = DropoutMask.keep(m, new Shape(n), DataType.FLOAT32, rate).toFloatArray();
        assertEquals(n, mask.length);
        int kept = 0;
        for (float v : mask) {
            assertTrue(v == 0f || v == 1f, "mask value " + v);
            kept += (int) v;
        }
        // Binomial(200000, 0.9): mean 180000, sd ~134; allow 5 sd
        assertTrue(Math.abs(kept - 180_000) < 700, "kept " + kept + " of " + n);
    }

    @Test
    void sameSeedSameMask() {
        // Several chunks and a tail that is not a whole word of four elements.
        Shape shape = new Shape(3, 70_001);
        Engines.seed(7);
        float[] a = DropoutMask.keep(m, shape, DataType.FLOAT32, 0.5f).toFloatArray();
        Engines.seed(7);
        float[] b = DropoutMask.keep(m, shape, DataType.FLOAT32, 0.5f).toFloatArray();
        assertArrayEquals(a, b, 0f);
        float[] c = DropoutMask.keep(m, shape, DataType.FLOAT32, 0.5f).toFloatArray();
        assertFalse(Arrays.equals(a, c), "the next mask must be a new draw");
    }

    @Test
    void chunksAreDrawnIndependently() {
        Engines.seed(3);
        int chunk = DropoutMask.CHUNK;
        float[] mask =
                DropoutMask.keep(m, new Shape(2, chunk), DataType.FLOAT32, 0.5f).toFloatArray();
        float[] first = Arrays.copyOfRange(mask, 0, chunk);
        float[] second = Arrays.copyOfRange(mask, chunk, 2 * chunk);
        int same = 0;
        for (int i = 0; i < chunk; i++) same += first[i] == second[i] ? 1 : 0;
        // Independent halves agree on about half of the elements (sd 128); a shared seed on all.
        assertTrue(Math.abs(same - chunk / 2) < 700, same + " of " + chunk + " elements agree");
    }

    @Test
    void neighboursAndEachOfAWordsFourBytesAreDrawnIndependently() {
        // Four elements share a word (points a quarter-chunk apart): each byte of it must keep with
        // the rate's probability, and neighbours must agree no more often than chance.
        Engines.seed(11);
        int n = 4 * DropoutMask.CHUNK;
        float[] mask = DropoutMask.keep(m, new Shape(n), DataType.FLOAT32, 0.3f).toFloatArray();
        int[] keptPerByte = new int[4];
        int neighboursAgree = 0;
        for (int i = 0; i < n; i++) {
            keptPerByte[i % 4] += (int) mask[i];
            if (i > 0 && mask[i] == mask[i - 1]) neighboursAgree++;
        }
        // Binomial(65536, 0.7) per byte: mean 45875, sd ~117; allow 5 sd.
        for (int k = 0; k < 4; k++) {
            assertTrue(Math.abs(keptPerByte[k] - 0.7 * n / 4) < 600, "byte " + k + " kept " + keptPerByte[k]);
        }
        // Independent neighbours agree with probability 0.7^2 + 0.3^2 = 0.58 (sd ~0.001 of n).
        double agree = neighboursAgree / (double) (n - 1);
        assertTrue(Math.abs(agree - 0.58) < 0.006, "neighbours agree on " + agree);
    }

    @Test
    void applyZeroesOrScalesByOneOverKeep() {
        Engines.seed(5);
        float rate = 0.25f;
        NDArray x = m.ones(new Shape(4000)).add(input(m, 4000).abs());
        float[] xv = x.toFloatArray();
        float[] y = DropoutMask.apply(x, rate, true).toFloatArray();
        int kept = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0f) {
                assertEquals(xv[i] / (1 - rate), y[i], 1e-5f, "element " + i);
                kept++;
            }
        }
        // Binomial(4000, 0.75): mean 3000, sd ~27; allow 5 sd
        assertTrue(Math.abs(kept - 3000) < 140, "kept " + kept);
    }

    @Test
    void identityAtInferenceOrRateZero() {
        NDArray x = input(m, 3, 4);
        assertSame(x, DropoutMask.apply(x, 0.5f, false));
        assertSame(x, DropoutMask.apply(x, 0f, true));
    }

    @Test
    void rejectsRatesOutsideTheOpenUnitInterval() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> DropoutMask.keep(m, new Shape(2), DataType.FLOAT32, 1f));
        assertEquals("dropout rate must be in (0, 1), got 1.0", e.getMessage());
    }
}
