package dev.vmodel.dsl.lower;

import static dev.vmodel.dsl.TestFiles.load;
import static dev.vmodel.dsl.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.dsl.load.ProgramLoader;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.infer.Analysis;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated and mangled versions of a real spec: the loader reports them and never fails. */
class PartialAstTest {

    @TempDir
    Path dir;

    private void check(String text) {
        LoadResult r = load(write(dir, "spec.vmodel", text));
        for (Diagnostic d : r.diagnostics()) {
            assertFalse(d.code().equals(ProgramLoader.INTERNAL_ERROR), d.format() + "\n--- in:\n" + text);
            assertTrue(d.location().line() >= 1 && d.location().column() >= 1, d.format());
        }
        // as the command line does: the semantic checks run on programs that loaded cleanly
        if (r.program() != null && !r.hasErrors()) Analysis.analyze(r.program());
    }

    @Test
    void everyPrefixOfTheRepresentativeSpec() {
        String spec = RepresentativeSpecTest.GMLP.replace("import \"blocks.vmodel\"\n", "");
        for (int end = 0; end <= spec.length(); end += 3) check(spec.substring(0, end));
    }

    @Test
    void randomEditsOfTheRepresentativeSpec() {
        String spec = RepresentativeSpecTest.GMLP.replace("import \"blocks.vmodel\"\n", "");
        String junk = "(){}=->,*+-/%\"^ \n0a#";
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder(spec);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(s.length());
                if (random.nextBoolean()) s.deleteCharAt(at);
                else s.insert(at, junk.charAt(random.nextInt(junk.length())));
            }
            check(s.toString());
        }
    }
}
