package dev.vmodel.generator.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin's constant tables follow the spec's arithmetic (floor division and Python's modulo on
 * negative integers, comparisons as 1 or 0, select, the math functions, earlier tables read as
 * {@code sign[y]}, {@code a * (b / c)} not re-associated), and its weights are parameters of the
 * spec's own shape, as DJL's Weight holds them. Expected values are worked out by hand from the
 * spec, {@code src/test/resources/python-twin/tensor-ops.vmodel}.
 */
class PythonTensorConstructsTest {
    static final Path SPEC = Path.of("src/test/resources/python-twin/tensor-ops.vmodel");

    @Test
    void tablesExpressionsAreRenderedWithTheSpecsPrecedence(@TempDir Path dir) {
        String code = PythonCode.generate(dir, "twin", SPEC).modules().get("tensor_ops.py");
        assertTrue(code.contains("lambda c: 1 + c * (half // 4)"), code);
        assertTrue(code.contains("(1 if y >= 2 else -1)"), code);
        assertTrue(code.contains("int(self.sign.at(y))"), code);
        assertTrue(code.contains("self._in_shape = vr.as_shape(in_shape)"), code);
        assertTrue(code.contains("a, b = torch.split(x, self.abSizes, dim=-1)"), code);
        assertTrue(code.contains("both = torch.cat([n, n2], dim=-1)"), code);
        assertTrue(code.contains("q = vr.divide(e, spread)"), code);
    }

    @Test
    void tablesHoldTheSpecsValuesAndWeightsTheirOwnShape(@TempDir Path dir) throws IOException {
        PythonCode.generate(dir, "twin", SPEC);
        Assumptions.assumeTrue(PythonCode.hasTorch(), "the Python has no torch");
        String script = String.join(
                "\n",
                "from twin.tensor_ops import TensorOps",
                "m = TensorOps.small().mixer",
                "print(m.sign().tolist())",
                "print(m.spread().tolist())",
                "print([m.flip.at(0, 0), m.flip.at(0, 3), m.flip.at(2, 3), m.flip.at(3, 1)])",
                "print('%.6f %.6f' % (m.wave.at(0, 0), m.wave.at(3, 5)))",
                "print(m.sign().dtype, m.flip().dtype)",
                "print(sorted((k, tuple(v.shape)) for k, v in m.state_dict().items() if k in ('gain.weight', 'proj.weight')))");
        PythonCode.Result r = PythonCode.run(dir, script);
        assertEquals(0, r.exit(), r.out());
        String[] lines = r.out().strip().split("\n");
        // sign[y] = select(y >= 2, 1, -1), a real table (no take reads it), with its batch axis of 1.
        assertEquals("[[-1.0, -1.0, 1.0, 1.0]]", lines[0]);
        // 1 + c * (6 / 4) = 1 + c; (1 + c * 6) / 4 would give 1, 2, 4, 5, 7, 8.
        assertEquals("[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]]", lines[1]);
        // sign[y] * select(c != 3, 0.5, 2) + (sign[y] < 0): -0.5 + 1, -2 + 1, 2 + 0, 0.5 + 0.
        assertEquals("[0.5, -1.0, 2.0, 0.5]", lines[2]);
        // wave[0, 0] = sin 0 + cos 0 e^-2 / 1 + log 1 + floor 0 + (-7 / 2 = -4) - (-7 % 3 = 2) = e^-2 - 6;
        // wave[3, 5] = sin 6.5 + cos 5 e^-1 / sqrt 6 + log 6 / 8 + 1 + (-2 / 2 = -1) - (-2 % 3 = 1).
        double w35 = Math.sin(6.5) + Math.cos(5) * Math.exp(-1) / Math.sqrt(6) + Math.log(6) / 8 + 1 - 1 - 1;
        assertEquals(String.format(java.util.Locale.ROOT, "%.6f %.6f", Math.exp(-2) - 6, w35), lines[3]);
        assertEquals("torch.float32 torch.float32", lines[4]);
        // An unlabelled weight is named after the value it binds.
        assertEquals("[('gain.weight', (6,)), ('proj.weight', (6, 6))]", lines[5]);
    }
}
