package dev.vmodel.maven;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program {@link ForkedJavaTest} runs in a child JVM. {@code ForkProbe report FILE STATUS ARGS...}
 * writes its working directory, a system property, an environment variable and its arguments to
 * FILE and exits with STATUS; {@code ForkProbe wait DIR} writes DIR/started, then waits, writing
 * DIR/stopped when asked to stop.
 */
public final class ForkProbe {
    private ForkProbe() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("report")) {
            StringBuilder text = new StringBuilder();
            text.append("cwd=").append(Path.of("").toAbsolutePath()).append('\n');
            text.append("probe=").append(System.getProperty("probe")).append('\n');
            text.append("env=").append(System.getenv("VMODEL_PROBE")).append('\n');
            for (int i = 3; i < args.length; i++)
                text.append("arg=").append(args[i]).append('\n');
            Files.writeString(Path.of(args[1]), text);
            System.exit(Integer.parseInt(args[2]));
        }
        Path dir = Path.of(args[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(dir.resolve("stopped"), "stopped by a signal");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        Files.writeString(dir.resolve("started"), "started");
        Thread.sleep(60_000);
    }
}
