package dev.vmodel.generator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.generator.GeneratedFile;
import dev.vmodel.generator.Generator;
import dev.vmodel.semantic.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline behind the command line and the Maven goals: what it checks, generates, writes and removes. */
class VModelRunTest {
    static final Path ZOO = Path.of("../model-specs");

    @TempDir
    Path dir;

    private Path spec(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static String model(String name, int width) {
        return "model " + name + " {\n  input vector(" + width + ")\n  classes 2\n  linear(classes)\n}\n";
    }

    private static List<String> lines(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::format).toList();
    }

    private static VModelRun.Builder run(Path... specs) {
        return VModelRun.builder().specs(List.of(specs));
    }

    /** Fuzz reproducer b09-same-model-two-files: the second Net used to become Net2 without a word. */
    @Test
    void sameModelInTwoFilesIsAnErrorAtTheSecondDefinition() throws IOException {
        Path a = spec("a.vmodel", model("Net", 4));
        Path b = spec("b.vmodel", model("Net", 8));
        Path out = dir.resolve("out");
        VModelRun.Result r = run(a, b).sourceOutput(out).build().generate();
        assertEquals(
                List.of(b + ":1:7: error: model 'Net' is also defined at " + a + ":1:7; specs generated together share"
                        + " one Java package, so their model and block names must differ [vmodel.duplicate-name]"),
                lines(r.diagnostics()));
        assertFalse(Files.exists(out), "nothing may be written");
        assertEquals(
                lines(r.diagnostics()), lines(run(a, b).build().validate().diagnostics()), "validate says the same");
        assertEquals(
                lines(r.diagnostics()), lines(run(a, b).build().check().diagnostics()), "and so does the fast check");
    }

    @Test
    void namesThatDifferOnlyInCaseAreAnError() throws IOException {
        Path a = spec("a.vmodel", model("Net", 4));
        Path b = spec("b.vmodel", model("NET", 8) + "\n" + model("net", 8));
        List<String> problems = lines(run(a, b).build().validate().diagnostics());
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(
                b + ":1:7: error: model 'NET' differs only in case from model 'Net' at " + a
                        + ":1:7: their classes NET and"
                        + " Net would be one file on case-insensitive file systems (macOS, Windows); rename one [vmodel.case-clash]",
                problems.get(0));
        assertEquals(
                b + ":7:7: error: model 'net' would become the class Net of model 'Net' at " + a
                        + ":1:7; specs generated"
                        + " together share one Java package, so their model and block names must differ [vmodel.duplicate-name]",
                problems.get(1));
    }

    @Test
    void aBlockDefinedInTwoFilesIsAnErrorButOneImportedTwiceIsNot() throws IOException {
        String block = "block Head {\n  linear(2)\n}\n";
        spec("shared/head.vmodel", block);
        Path a = spec(
                "a.vmodel", "import \"shared/head.vmodel\"\n" + model("A", 4).replace("linear(classes)", "Head"));
        Path b = spec(
                "b.vmodel", "import \"shared/head.vmodel\"\n" + model("B", 4).replace("linear(classes)", "Head"));
        Checked shared = run(a, b).build().validate();
        assertEquals(List.of(), lines(shared.diagnostics()));

        Path c = spec(
                "c.vmodel",
                model("C", 4).replace("linear(classes)", "Head") + block.replace("linear", "relu -> linear"));
        List<String> problems = lines(run(a, c).build().validate().diagnostics());
        assertEquals(
                List.of(c + ":6:7: error: block 'Head' is also defined at " + dir.resolve("shared/head.vmodel")
                        + ":1:7;"
                        + " specs generated together share one Java package, so their model and block names must differ"
                        + " [vmodel.duplicate-name]"),
                problems);
    }

    /** Every model gets a harness class NameTraining: a model or block of that name is an error. */
    @Test
    void aModelOrBlockNamedLikeAHarnessIsAnErrorAtTheSecond() throws IOException {
        Path a = spec("a.vmodel", model("Foo", 4) + "\n" + model("FooTraining", 4));
        assertEquals(
                List.of(a + ":7:7: error: model 'FooTraining' would become the class FooTraining, which is the"
                        + " training harness of model 'Foo' at " + a + ":1:7; every model gets a harness class named"
                        + " after it with 'Training' appended, so rename one [vmodel.duplicate-name]"),
                lines(run(a).build().validate().diagnostics()));

        Path b = spec("b.vmodel", "block GMlpTraining {\n  linear(2)\n}\n");
        Path c = spec("c.vmodel", model("gMlp", 4));
        assertEquals(
                List.of(c + ":1:7: error: model 'gMlp' needs the class GMlpTraining for its training harness, but it"
                        + " is the class of block 'GMlpTraining' at " + b + ":1:7; every model gets a harness class"
                        + " named after it with 'Training' appended, so rename one [vmodel.duplicate-name]"),
                lines(run(b, c).build().validate().diagnostics()));
    }

    @Test
    void aNameThatDiffersFromAHarnessOnlyInCaseIsAnError() throws IOException {
        Path a = spec("a.vmodel", model("Net", 4) + "\n" + model("Nettraining", 4));
        List<String> problems = lines(run(a).build().validate().diagnostics());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith(a + ":7:7: error: model 'Nettraining' differs only in case from training harness"
                                + " of model 'Net' at " + a + ":1:7: their classes Nettraining and NetTraining"),
                problems.get(0));
    }

    /** Two models of one name clash once, at the model: their harnesses add nothing. */
    @Test
    void twoModelsOfOneNameAreOneErrorNotTwo() throws IOException {
        Path a = spec("a.vmodel", model("Net", 4));
        Path b = spec("b.vmodel", model("Net", 8));
        assertEquals(1, run(a, b).build().validate().diagnostics().size());
    }

    /** Which of the two used to be renamed depended on the order of the files. */
    @Test
    void aModelWithTheNameOfABlockInAnotherFileIsAnError() throws IOException {
        Path a = spec("a.vmodel", "block Net {\n  linear(2)\n}\n");
        Path b = spec("b.vmodel", model("Net", 4));
        assertEquals(
                List.of(
                        b + ":1:7: error: model 'Net' has the name of the block at " + a
                                + ":1:7; specs generated together"
                                + " share one Java package, so their model and block names must differ [vmodel.duplicate-name]"),
                lines(run(a, b).build().validate().diagnostics()));
    }

    @Test
    void theSameFileNamedTwiceIsOneSpec() throws IOException {
        Path a = spec("a.vmodel", model("Net", 4));
        Path same = dir.resolve(".").resolve("a.vmodel");
        VModelRun.Result r =
                run(a, same).sourceOutput(dir.resolve("out")).build().generate();
        assertEquals(List.of(), lines(r.diagnostics()));
        assertTrue(
                r.files().stream().noneMatch(f -> f.path().endsWith("Net2.java")),
                r.files().toString());
    }

    /** A generator that throws is a bug, but the user gets one located line and nothing is written. */
    @Test
    void aFailingTargetIsALocatedDiagnosticAtTheFileItFailsOn() throws IOException {
        Path good = spec("good.vmodel", model("Good", 4));
        Path bad = spec("bad.vmodel", model("Bad", 4));
        Target failsOnBad = (units, pkg) -> {
            for (Generator.Unit u : units) {
                if (u.program().root().path().endsWith("bad.vmodel")) throw new NullPointerException("callee is null");
            }
            return new Generator.Result(
                    List.of(new GeneratedFile(GeneratedFile.Kind.SOURCE, "x/Good.java", "class Good {}")), List.of());
        };
        Path out = dir.resolve("out");
        VModelRun.Result r =
                run(good, bad).sourceOutput(out).target(failsOnBad).build().generate();
        assertEquals(
                List.of(bad + ":1:1: error: cannot generate code for this spec: the generator failed on it; this is a"
                        + " vmodel bug, please report it with this file [vmodel.generation-failed]"),
                lines(r.diagnostics()));
        assertFalse(Files.exists(out));
        assertEquals(
                lines(r.diagnostics()),
                lines(run(good, bad).target(failsOnBad).build().validate().diagnostics()),
                "a spec the generator rejects does not validate either");
    }

    /** Fuzz reproducer b15-class-name-too-long: used to fail while writing, with a temporary file's path. */
    @Test
    void aFileNameLongerThanFileSystemsAllowIsALocatedErrorBeforeAnythingIsWritten() throws IOException {
        Path m = spec("m.vmodel", "\n" + model("Deep", 4));
        String longName = "Deep" + "Layer".repeat(50) + "X.java"; // 260 bytes
        Target longNames = (units, pkg) -> new Generator.Result(
                List.of(
                        new GeneratedFile(GeneratedFile.Kind.SOURCE, "p/Deep.java", "class Deep {}"),
                        new GeneratedFile(GeneratedFile.Kind.SOURCE, "p/" + longName, "class X {}")),
                List.of());
        Path out = dir.resolve("out");
        VModelRun.Result r = run(m).sourceOutput(out).target(longNames).build().generate();
        assertEquals(
                List.of(m
                        + ":2:7: error: the generated file DeepLayerLayerLayerLayerLayerLayerLayerL…ayerLayerLayerX.java"
                        + " has a name of 260 bytes; file systems allow 255: shorten the names (or the nesting) it is made of"
                        + " [vmodel.name-too-long]"),
                lines(r.diagnostics()));
        assertFalse(Files.exists(out));
    }

    @Test
    void sourcesAndResourcesGoUnderTheirOwnRoots() throws IOException {
        Path m = spec("m.vmodel", model("Net", 4));
        Target both = (units, pkg) -> new Generator.Result(
                List.of(
                        new GeneratedFile(
                                GeneratedFile.Kind.SOURCE, "com/example/Net.java", "package com.example; class Net {}"),
                        new GeneratedFile(
                                GeneratedFile.Kind.RESOURCE,
                                "META-INF/services/dev.vmodel.runtime.model.ModelFamily",
                                "com.example.Net\n")),
                List.of());
        Path src = dir.resolve("src");
        Path res = dir.resolve("res");
        VModelRun.Result r = run(m).sourceOutput(src)
                .resourceOutput(res)
                .target(both)
                .build()
                .generate();
        assertEquals(
                List.of(
                        src.resolve("com/example/Net.java"),
                        res.resolve("META-INF/services/dev.vmodel.runtime.model.ModelFamily")),
                r.written());
        assertEquals(
                "com.example.Net\n",
                Files.readString(res.resolve("META-INF/services/dev.vmodel.runtime.model.ModelFamily")));
        assertFalse(Files.exists(src.resolve("META-INF")));
    }

    /** The real generator on the zoo: every file written once, then a second run rewrites nothing. */
    @Test
    void theZooGeneratesOnceThenIsUpToDate() {
        Path out = dir.resolve("out");
        List<Path> zoo = List.of(ZOO.resolve("gmlp.vmodel"), ZOO.resolve("cct.vmodel"));
        VModelRun.Result first =
                VModelRun.builder().specs(zoo).sourceOutput(out).build().generate();
        assertEquals(
                List.of(),
                first.diagnostics().stream().filter(Diagnostic::isError).toList());
        assertTrue(
                first.written().contains(out.resolve("dev/vmodel/models/GMlp.java")),
                first.written().toString());
        assertEquals(first.files().size(), first.written().size());
        VModelRun.Result second =
                VModelRun.builder().specs(zoo).sourceOutput(out).build().generate();
        assertEquals(List.of(), second.written());
        assertEquals(first.written(), second.unchanged());
    }

    @Test
    void withAStateFileARunIsIncrementalAndRemovesWhatNoSpecProducesAnyMore() throws IOException {
        Path a = spec("specs/a.vmodel", model("Alpha", 4));
        Path b = spec("specs/b.vmodel", model("Beta", 4));
        Path out = dir.resolve("out");
        Path state = dir.resolve("state/state.json");
        VModelRun.Builder both = run(a, b).sourceOutput(out).stateFile(state).specRoot(dir.resolve("specs"));
        VModelRun.Result first = both.build().generate();
        assertEquals(List.of("no record of an earlier generation, generating everything"), first.reasons());
        Path beta = out.resolve("dev/vmodel/models/Beta.java");
        assertTrue(Files.isRegularFile(beta));

        VModelRun.Result again = run(a, b)
                .sourceOutput(out)
                .stateFile(state)
                .specRoot(dir.resolve("specs"))
                .build()
                .generate();
        assertTrue(again.upToDate());
        assertEquals(List.of(), again.reasons());

        Files.writeString(b, model("Beta", 6));
        VModelRun.Result changed = run(a, b)
                .sourceOutput(out)
                .stateFile(state)
                .specRoot(dir.resolve("specs"))
                .build()
                .generate();
        assertEquals(List.of("b.vmodel changed (or a file it imports)"), changed.reasons());
        assertEquals(List.of(beta), changed.written());

        VModelRun.Result deleted = run(a).sourceOutput(out)
                .stateFile(state)
                .specRoot(dir.resolve("specs"))
                .build()
                .generate();
        assertEquals(List.of("b.vmodel was deleted"), deleted.reasons());
        Path betaHarness = out.resolve("dev/vmodel/models/BetaTraining.java");
        assertEquals(List.of(beta, betaHarness), deleted.removed());
        assertFalse(Files.exists(beta));
        assertFalse(Files.exists(betaHarness));
        assertTrue(Files.isRegularFile(out.resolve("dev/vmodel/models/Alpha.java")));
    }

    /** A run killed while writing leaves a record that says so: the next run redoes everything. */
    @Test
    void aRunThatDidNotFinishIsRedone() throws IOException {
        Path a = spec("a.vmodel", model("Alpha", 4));
        Path out = dir.resolve("out");
        Path state = dir.resolve("state.json");
        run(a).sourceOutput(out).stateFile(state).build().generate();
        String recorded = Files.readString(state);
        Files.writeString(state, recorded.replace("\"finished\": true", "\"finished\": false"));
        VModelRun.Result r = run(a).sourceOutput(out).stateFile(state).build().generate();
        assertEquals(List.of("the last generation did not finish, generating everything"), r.reasons());
        assertTrue(Files.readString(state).contains("\"finished\": true"));
    }

    /** A state file that lists a path outside the output root (edited, or corrupt) never deletes there. */
    @Test
    void removalStaysInsideTheOutputRoot() throws IOException {
        Path a = spec("a.vmodel", model("Alpha", 4));
        Path out = dir.resolve("out");
        Path state = dir.resolve("state.json");
        Path precious = spec("precious.txt", "keep me");
        run(a).sourceOutput(out).stateFile(state).build().generate();
        Files.writeString(
                state, Files.readString(state).replace("\"outputs\": [", "\"outputs\": [\n    \"../precious.txt\","));
        Files.writeString(a, model("Alpha", 5));
        VModelRun.Result r = run(a).sourceOutput(out).stateFile(state).build().generate();
        assertEquals(List.of(), r.removed());
        assertTrue(Files.exists(precious));
    }

    @Test
    void anOutputThatCannotBeWrittenIsADiagnosticNamingItNotATemporaryFile() throws IOException {
        Path a = spec("a.vmodel", model("Alpha", 4));
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("dev"), "a file where a folder must go");
        VModelRun.Result r = run(a).sourceOutput(out).build().generate();
        assertEquals(
                List.of(out.resolve("dev/vmodel/models/Alpha.java") + ":1:1: error: cannot write "
                        + out.resolve("dev/vmodel/models/Alpha.java") + ": not a directory [vmodel.cannot-write]"),
                lines(r.diagnostics()));
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(List.of(out, out.resolve("dev")), files.toList());
        }
    }

    @Test
    void badOptionsAreRejectedWhenTheRunIsBuilt() throws IOException {
        Path file = spec("plain.txt", "x");
        List<String> messages = new ArrayList<>();
        for (VModelRun.Builder b : List.of(
                VModelRun.builder().packageName("not a.package"),
                VModelRun.builder().packageName("dev.class.models"),
                VModelRun.builder().sourceOutput(file))) {
            try {
                b.build();
            } catch (IllegalArgumentException e) {
                messages.add(e.getMessage());
            }
        }
        assertEquals(
                List.of(
                        "'not a.package' is not a Java package name; use dotted Java identifiers such as com.example.models",
                        "'dev.class.models' is not a Java package name; use dotted Java identifiers such as com.example.models",
                        file + " exists and is not a directory"),
                messages);
    }
}
