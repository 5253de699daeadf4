package dev.vmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmodel benchmark SPEC}, as a user runs it on a spec of their own: both targets generated,
 * the Java compiled, the DJL model measured against its twin, the report written.
 */
class BenchmarkCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSpecNotInTheZooIsBenchmarkedAgainstItsTwin() throws Exception {
        Path out = dir.resolve("report");
        ParityCommandTest.Run r = ParityCommandTest.run(
                "benchmark",
                ParityCommandTest.SPEC.toString(),
                "--variant",
                "tiny",
                "--batch",
                "4",
                "--mode",
                "infer",
                "--threads",
                "1",
                "--warmup-s",
                "0.2",
                "--windows",
                "2",
                "--window-s",
                "0.2",
                "--quiet",
                "0",
                "--work",
                dir.resolve("work").toString(),
                "--out",
                out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("generated DJL vs PyTorch twin, alternating"), r.out());
        assertTrue(r.out().contains("[1/1] DigitsVit tiny b4"), r.out());
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("benchmark.json")))
                .getAsJsonObject();
        JsonArray results = report.getAsJsonArray("results");
        assertEquals(1, results.size());
        JsonObject c = results.get(0).getAsJsonObject();
        assertEquals("infer", c.getAsJsonObject("case").get("mode").getAsString());
        long ours = c.getAsJsonArray("vmodel")
                .get(0)
                .getAsJsonObject()
                .get("params")
                .getAsLong();
        long theirs = c.getAsJsonArray("pytorch")
                .get(0)
                .getAsJsonObject()
                .get("params")
                .getAsLong();
        // the tiny ViT of the spec, as RealDigitsTest trains it: the same model in both stacks
        assertEquals(ours, theirs);
        assertTrue(ours > 1000, "params " + ours);
        assertTrue(Files.size(out.resolve("benchmark.png")) > 1000);
    }

    @Test
    void aSpecWithErrorsStopsBeforeMeasuring() throws Exception {
        Path bad = dir.resolve("bad.vmodel");
        Files.writeString(bad, "model Bad {\n  input image(3, 8, 8)\n  classes 2\n  linear(nope)\n}\n");
        ParityCommandTest.Run r = ParityCommandTest.run(
                "benchmark",
                bad.toString(),
                "--work",
                dir.resolve("work").toString(),
                "--out",
                dir.resolve("report").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("bad.vmodel:4:"), r.out());
        assertTrue(r.err().contains("vmodel benchmark: fix the errors above first"), r.err());
        assertTrue(!Files.exists(dir.resolve("report")), "nothing measured, nothing written");
    }
}
