package dev.vmodel.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed corpus of mutants of the zoo and test specs, through the front-end oracle (no crash,
 * exit 0 or 1, every line located, no unsafe or overlong message, an answer within 5 s) and the
 * differential one (what validates summarises, generates, compiles warning-free and counts in
 * DJL as summary counts). The full run is {@code generator/fuzz/run-fuzz.sh}.
 */
class FrontEndFuzzTest {
    /** Mutant {@code i} of this seed is always the same spec: a failure here is replayed by run-fuzz.sh COUNT=1 SEED FIRST=i. */
    static final long SEED = 20261130;

    static final int MUTANTS = 300;

    @Test
    void mutantsOfTheZooNeverCrashAndWhatValidatesGeneratesCompilesAndCounts(@TempDir Path work) {
        FuzzRun.Config config = config(work, MUTANTS);
        FuzzRun.Report report = FuzzRun.run(config);
        assertTrue(report.findings.isEmpty(), report.figures(config) + findings(report));
        // The differential oracle must have had something to check.
        assertTrue(report.validated >= 20, "only " + report.validated + " mutants validated");
        assertTrue(report.djlChecked >= 10, "only " + report.djlChecked + " DJL counts compared");
    }

    /** Minimal specs of the failure classes the fuzz found (src/test/resources/fuzz/corpus), each a regression input. */
    @Test
    void pastFindingsPassEveryOracle(@TempDir Path work) throws IOException {
        List<Mutant> corpus = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fuzz/corpus"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".vmodel")).sorted().toList()) {
                corpus.add(new Mutant(
                        corpus.size(),
                        "corpus/" + f.getFileName(),
                        f.getFileName().toString(),
                        Map.of(f.getFileName().toString(), Files.readAllBytes(f)),
                        "none"));
            }
        }
        assertTrue(corpus.size() >= 5, "corpus: " + corpus.size() + " files");
        FuzzRun.Config config = config(work, corpus.size());
        FuzzRun.Report report = FuzzRun.check(config, corpus);
        assertTrue(report.findings.isEmpty(), report.figures(config) + findings(report));
    }

    private static FuzzRun.Config config(Path work, int count) {
        return new FuzzRun.Config(
                Path.of(".."),
                count,
                SEED,
                0,
                work,
                null,
                true,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                5_000_000,
                25,
                null);
    }

    private static String findings(FuzzRun.Report report) {
        return report.findings.stream()
                .limit(30)
                .map(f -> "mutant " + f.mutant() + " " + f.kind() + ": " + f.detail() + "\n    from " + f.mutations())
                .collect(Collectors.joining("\n"));
    }
}
