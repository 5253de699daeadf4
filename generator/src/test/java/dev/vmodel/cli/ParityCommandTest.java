package dev.vmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmodel parity SPEC}, as a user runs it on a spec of their own: both targets generated,
 * the Java compiled, the DJL model and its twin compared.
 */
class ParityCommandTest {

    static final Path SPEC = Path.of("src/test/resources/training/digits-vit.vmodel");

    @TempDir
    Path dir;

    @Test
    void aSpecNotInTheZooPassesParity() {
        Run r = run("parity", SPEC.toString(), "--variant", "tiny", "--work", dir.toString());
        assertEquals(0, r.status, r.out + r.err);
        assertTrue(
                r.out.matches("(?s).*DigitsVit/tiny: logits max abs \\S+ rel \\S+; input gradient .* PASS.*"), r.out);
    }

    @Test
    void anUnknownVariantIsOneLine() {
        Run r = run("parity", SPEC.toString(), "--variant", "huge", "--work", dir.toString());
        assertEquals(2, r.status, r.out + r.err);
        assertTrue(r.out.contains("vmodel parity: unknown variant 'huge' of DigitsVit"), r.out);
        assertTrue(!r.out.contains("\tat "), r.out);
    }

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = VModelCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }
}
