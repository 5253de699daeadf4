package dev.vmodel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVM: its argument file, what reaches its main, its exit status, and stopping it. */
class ForkedJavaTest {
    @TempDir
    Path dir;

    /** The folder this test's classes were loaded from, which holds {@link ForkProbe}. */
    private static String testClasses() throws Exception {
        return ClassLocations.of(ForkProbe.class);
    }

    @Test
    void theArgumentFileQuotesEveryArgumentAndEscapesBackslashesAndQuotes() {
        assertEquals(
                "\"-cp\"\n\"C:\\\\My Models\\\\classes;lib.jar\"\n\"say \\\"hi\\\"\"\n\"#not a comment\"\n\"\"\n",
                ForkedJava.argumentFileText(
                        List.of("-cp", "C:\\My Models\\classes;lib.jar", "say \"hi\"", "#not a comment", "")));
    }

    @Test
    void theChildRunsInTheWorkingDirectoryAndEnvironmentWithEveryArgumentIntactAndItsStatusComesBack()
            throws Exception {
        Path work = Files.createDirectories(dir.resolve("a project with spaces"));
        Path report = work.resolve("report.txt");
        List<String> tricky = List.of("lr=1e-3", "two words", "back\\slash", "a \"quoted\" word", "", "#hash");
        List<String> programArgs = new java.util.ArrayList<>(List.of("report", report.toString(), "7"));
        programArgs.addAll(tricky);
        ForkedJava fork = new ForkedJava(ForkedJava.currentJava(), work, work.resolve("target/fork.args"));

        int status = fork.run(
                ForkedJava.launcherArguments(
                        List.of(testClasses(), work.resolve("missing.jar").toString()),
                        List.of("-Dprobe=x y", "-Xshare:auto"),
                        ForkProbe.class.getName(),
                        programArgs),
                environment -> environment.put("VMODEL_PROBE", "set by the goal"));

        assertEquals(7, status);
        StringBuilder expected = new StringBuilder("cwd=" + work.toRealPath() + "\nprobe=x y\nenv=set by the goal\n");
        for (String a : tricky) expected.append("arg=").append(a).append('\n');
        assertEquals(
                expected.toString(),
                Files.readString(report)
                        .replace(work.toString(), work.toRealPath().toString()));
        assertTrue(Files.readString(work.resolve("target/fork.args"))
                .startsWith("\"-cp\"\n\"" + testClasses() + File.pathSeparator));
        assertEquals(ForkedJava.currentJava() + " @" + work.resolve("target/fork.args"), fork.commandLine());
    }

    @Test
    void interruptingTheWaitStopsTheChildGentlySoItCanWriteItsCheckpoint() throws Exception {
        ForkedJava fork = new ForkedJava(ForkedJava.currentJava(), dir, dir.resolve("wait.args"));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread maven = new Thread(() -> {
            try {
                fork.run(ForkedJava.launcherArguments(
                        List.of(testClasses()), List.of(), ForkProbe.class.getName(), List.of("wait", dir.toString())));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        maven.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(dir.resolve("started")) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(Files.exists(dir.resolve("started")), "the child did not start in 30 s");

        maven.interrupt();
        maven.join(30_000);

        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        // Written by the child's shutdown hook: it got SIGTERM, not SIGKILL, and the wait lasted until it ended.
        assertEquals("stopped by a signal", Files.readString(dir.resolve("stopped")));
    }
}
