package dev.vmodel.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fuzz harness itself: mutants reproducible from their index, oracles that tell good output from bad. */
class FuzzHarnessTest {
    static final Path ROOT = Path.of("..");

    @Test
    void aMutantDependsOnlyOnTheRunSeedAndItsIndex() {
        Mutator a = new Mutator(SeedTree.fromProject(ROOT), 42);
        Mutator b = new Mutator(SeedTree.fromProject(ROOT), 42);
        Mutator other = new Mutator(SeedTree.fromProject(ROOT), 43);
        int differ = 0;
        for (int i = 0; i < 50; i++) {
            Mutant x = a.mutant(i);
            Mutant y = b.mutant(i);
            assertEquals(x.seed(), y.seed());
            assertEquals(x.mutations(), y.mutations());
            assertEquals(x.files().keySet(), y.files().keySet());
            for (String f : x.files().keySet())
                assertArrayEquals(x.files().get(f), y.files().get(f), f);
            if (!x.mutations().equals(other.mutant(i).mutations())) differ++;
        }
        // Out of order: mutant 37 alone equals mutant 37 of a full sequence.
        assertEquals(
                a.mutant(37).mutations(),
                new Mutator(SeedTree.fromProject(ROOT), 42).mutant(37).mutations());
        assertTrue(differ > 40, "another seed gives other mutants: " + differ + " of 50 differ");
    }

    @Test
    void theSeedsAreTheZooTheTestSpecsAndThePluginSpecs() {
        Set<String> names = new TreeSet<>();
        for (SeedTree t : SeedTree.fromProject(ROOT)) names.add(t.name());
        assertTrue(names.contains("model-specs"), names::toString);
        assertTrue(names.contains("generator/src/test/resources/golden"), names::toString);
        assertTrue(names.stream().anyMatch(n -> n.startsWith("maven-plugin/src/it/")), names::toString);
        SeedTree zoo = SeedTree.fromProject(ROOT).stream()
                .filter(t -> t.name().equals("model-specs"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                zoo.files().containsKey("shared/transformer.vmodel"),
                zoo.files().keySet()::toString);
        assertTrue(zoo.files().containsKey("cct.vmodel"), zoo.files().keySet()::toString);
    }

    @Test
    void everyKindOfMutationOccursInAThousandMutants() {
        Mutator m = new Mutator(SeedTree.fromProject(ROOT), 1);
        StringBuilder all = new StringBuilder("\n");
        for (int i = 0; i < 1000; i++) all.append(m.mutant(i).mutations()).append('\n');
        String text = all.toString();
        for (String kind : List.of(
                "delete token",
                "duplicate token",
                "swap '",
                "replace '",
                "delete line",
                "duplicate line",
                "swap lines",
                "number '",
                "insert \\u",
                "truncate at",
                "nest line",
                "parentheses",
                "import \"",
                "rename '",
                "insert line",
                "splice '",
                "invalid UTF-8",
                "import \"cycle.vmodel\"",
                "\nin ")) {
            assertTrue(text.contains(kind), "no mutation '" + kind + "' in 1000 mutants");
        }
    }

    @Test
    void descriptionsOfMutantsArePrintableAscii() {
        Mutator m = new Mutator(SeedTree.fromProject(ROOT), 5);
        for (int i = 0; i < 300; i++) {
            String d = m.mutant(i).mutations();
            assertTrue(d.chars().allMatch(c -> c >= 0x20 && c < 0x7f), d);
        }
    }

    @Test
    void aLocatedProblemLinePassesEveryCheck() {
        Map<FailureClass, String> found = OutputChecks.check(
                answer(
                        1,
                        "a/b.vmodel:3:14: error: unknown name 'dimm' [vmodel.unknown-name]\n"
                                + "a/b.vmodel:1:1: warning: param 'x' is never used [vmodel.unused-param]\n"),
                List.of());
        assertEquals(Map.of(), found);
    }

    @Test
    void exceptionTextAndStrangeExitCodesAreCrashes() {
        assertTrue(OutputChecks.check(answer(1, "vmodel: internal error: java.lang.NullPointerException\n"), List.of())
                .containsKey(FailureClass.CRASH));
        assertTrue(OutputChecks.check(
                        answer(
                                1,
                                "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
                                        + "\tat dev.vmodel.semantic.infer.Elaborator.body(Elaborator.java:12)\n"),
                        List.of())
                .containsKey(FailureClass.CRASH));
        assertEquals(
                Set.of(FailureClass.CRASH),
                OutputChecks.check(answer(2, ""), List.of()).keySet());
        assertEquals(
                Set.of(FailureClass.TIMEOUT),
                OutputChecks.check(new Cli.Answer(-1, "", "", 5000, true, null), List.of())
                        .keySet());
    }

    @Test
    void linesWithoutALocationOrACodeAreUnlocated() {
        assertTrue(OutputChecks.check(answer(1, "b.vmodel: error: no such file [vmodel.file-not-found]\n"), List.of())
                .containsKey(FailureClass.UNLOCATED));
        assertTrue(OutputChecks.check(answer(1, "b.vmodel:1:1: error: no such file\n"), List.of())
                .containsKey(FailureClass.UNLOCATED));
        // A message broken in two by an echoed newline: its second half has no location.
        assertTrue(OutputChecks.check(
                        answer(1, "b.vmodel:1:8: error: cannot import \"a\nb.vmodel\" [vmodel.import-not-found]\n"),
                        List.of())
                .containsKey(FailureClass.UNLOCATED));
        assertEquals(Map.of(), OutputChecks.check(answer(0, "wrote /tmp/x/A.java\n"), List.of("wrote ")));
    }

    @Test
    void rawControlAndInvisibleCharactersAreUnsafe() {
        for (String bad : List.of("\u0007", "\u001b[31m", "\u202e", "\u200b", "\u2028", "\r", "\ufeff", "\ud800")) {
            Map<FailureClass, String> found = OutputChecks.check(
                    answer(1, "b.vmodel:1:1: error: unexpected '" + bad + "' [vmodel.syntax]\n"), List.of());
            assertEquals(Set.of(FailureClass.UNSAFE_TEXT), found.keySet(), Mutator.escape(bad));
        }
        // Visible non-ASCII text is fine: an accent, an emoji (a surrogate pair), a CJK space is not.
        assertEquals(-1, OutputChecks.unsafeChar("caf\u00e9 \ud83d\ude00"));
    }

    @Test
    void aHugeEchoedTokenIsAnOverlongMessage() {
        String line = "b.vmodel:1:1: error: unknown name '" + "a".repeat(500) + "' [vmodel.unknown-name]";
        assertEquals(
                Set.of(FailureClass.LONG_MESSAGE),
                OutputChecks.check(answer(1, line + "\n"), List.of()).keySet());
    }

    @Test
    void theCommandLineRunsInProcessOnAZooSpec() {
        Cli.Answer a = Cli.run(
                Duration.ofSeconds(60),
                "validate",
                ROOT.resolve("model-specs/cct.vmodel").toString());
        assertEquals(0, a.rc(), a.text());
        assertEquals("", a.text());
        assertFalse(a.timedOut());
        Cli.Answer missing = Cli.run(
                Duration.ofSeconds(60),
                "validate",
                ROOT.resolve("model-specs/nope.vmodel").toString());
        assertEquals(1, missing.rc(), missing.text());
        assertEquals(Map.of(), OutputChecks.check(missing, List.of()), missing.text());
    }

    @Test
    void javacFindingsGoToTheMutantWhoseSourceHasThem(@TempDir Path dir) throws Exception {
        Path clean = dir.resolve("m1");
        Path warns = dir.resolve("m2");
        Path fails = dir.resolve("m3");
        write(clean.resolve("fz/m1/A.java"), "package fz.m1;\npublic final class A { public int x() { return 1; } }\n");
        // A raw type: a -Xlint:rawtypes warning, which generated code must not have.
        write(
                warns.resolve("fz/m2/B.java"),
                "package fz.m2;\npublic final class B { public java.util.List x() { return null; } }\n");
        write(fails.resolve("fz/m3/C.java"), "package fz.m3;\npublic final class C { long x = \"text\"; }\n");
        Map<Integer, String> problems = BatchJavac.compile(
                List.of(
                        new BatchJavac.Sources(1, clean),
                        new BatchJavac.Sources(2, warns),
                        new BatchJavac.Sources(3, fails)),
                dir.resolve("classes"));
        assertEquals(Set.of(2, 3), problems.keySet(), problems::toString);
        assertTrue(problems.get(2).startsWith("WARNING B.java:2:"), problems.get(2));
        assertTrue(problems.get(3).startsWith("ERROR C.java:2:"), problems.get(3));
        assertTrue(
                Files.exists(dir.resolve("classes/fz/m1/A.class")), "a clean mutant of a failing batch still compiles");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Cli.Answer answer(int rc, String out) {
        return new Cli.Answer(rc, out, "", 10, false, null);
    }
}
