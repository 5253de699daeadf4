package dev.vmodel.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Disabled;
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
    @Disabled("fails until the front-end and generator fixes of issue 7 are merged: crashes (nested repeat OOM), "
            + "timeouts, unsafe and overlong messages, generate/javac failures of mutants that validate, "
            + "DJL counts with BatchNorm buffers; enable after the merge")
    void mutantsOfTheZooNeverCrashAndWhatValidatesGeneratesCompilesAndCounts(@TempDir Path work) {
        FuzzRun.Config config = new FuzzRun.Config(Path.of(".."), MUTANTS, SEED, 0, work, null, true,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 5_000_000, 25, null);
        FuzzRun.Report report = FuzzRun.run(config);
        String findings = report.findings.stream().limit(30)
                .map(f -> "mutant " + f.mutant() + " " + f.kind() + ": " + f.detail()).collect(Collectors.joining("\n"));
        assertTrue(report.findings.isEmpty(), report.figures(config) + findings);
        // The differential oracle must have had something to check.
        assertTrue(report.validated >= 20, "only " + report.validated + " mutants validated");
        assertTrue(report.djlChecked >= 10, "only " + report.djlChecked + " DJL counts compared");
    }
}
