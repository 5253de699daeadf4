package dev.vmodel.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Java program run in a child JVM, as the goals that train or benchmark a model need: on the
 * project's class path (which Maven's own class loader does not hold), with its own heap and native
 * memory, and with its output going straight to the console so that a progress bar draws as it does
 * from a shell.
 *
 * <p>Everything after {@code java} goes into an argument file ({@code java @file}): a project's
 * class path easily passes the 32 KiB a Windows command line can hold, and the file lets a user run
 * the same command by hand. When Maven is stopped (Ctrl-C, or an IDE's stop button sending SIGTERM)
 * the child is asked to stop too ({@link Process#destroy()}, SIGTERM, which lets a trainer write its
 * checkpoint) and Maven waits for it, so no JVM is left training in the background.
 */
final class ForkedJava {

    /** How long a stopped child may take to write its checkpoint before it is killed. */
    private static final long STOP_GRACE_SECONDS = 120;

    private final Path java;
    private final Path workingDirectory;
    private final Path argumentFile;

    /**
     * @param java the {@code java} launcher
     * @param workingDirectory the child's working directory (relative paths in its arguments resolve there)
     * @param argumentFile where the launcher's arguments are written; kept after the run
     */
    ForkedJava(Path java, Path workingDirectory, Path argumentFile) {
        this.java = java;
        this.workingDirectory = workingDirectory;
        this.argumentFile = argumentFile;
    }

    /** The launcher of the JVM that runs Maven: the JDK the user chose for the build. */
    static Path currentJava() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    /**
     * The launcher's arguments for a main class: class path, JVM options, main class, program
     * arguments, in that order.
     */
    static List<String> launcherArguments(
            List<String> classPath, List<String> jvmOptions, String mainClass, List<String> programArguments) {
        List<String> args = new ArrayList<>();
        args.add("-cp");
        args.add(String.join(File.pathSeparator, classPath));
        args.addAll(jvmOptions);
        args.add(mainClass);
        args.addAll(programArguments);
        return args;
    }

    /**
     * The text of a launcher argument file holding {@code args}, one a line. Every argument is
     * quoted, so spaces and {@code #} need nothing more; inside quotes the launcher reads a backslash
     * as an escape, so backslashes (Windows paths) and quotes are escaped.
     */
    static String argumentFileText(List<String> args) {
        StringBuilder text = new StringBuilder();
        for (String arg : args) {
            text.append('"');
            for (int i = 0; i < arg.length(); i++) {
                char c = arg.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '"' -> text.append("\\\"");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> text.append(c);
                }
            }
            text.append("\"\n");
        }
        return text.toString();
    }

    /** The command as a user would type it to run the child again by hand. */
    String commandLine() {
        return java + " @" + argumentFile;
    }

    /**
     * Runs the child with {@code launcherArguments} and waits for it.
     *
     * @return the child's exit status
     * @throws IOException when the argument file cannot be written or the JVM cannot start
     * @throws InterruptedException when this thread is interrupted; the child has been stopped and waited for
     */
    int run(List<String> launcherArguments) throws IOException, InterruptedException {
        return run(launcherArguments, environment -> {});
    }

    /**
     * Runs the child with {@code launcherArguments} in this JVM's environment as {@code
     * environment} changes it, and waits for it.
     *
     * @return the child's exit status
     * @throws IOException when the argument file cannot be written or the JVM cannot start
     * @throws InterruptedException when this thread is interrupted; the child has been stopped and waited for
     */
    int run(List<String> launcherArguments, Consumer<Map<String, String>> environment)
            throws IOException, InterruptedException {
        Files.createDirectories(argumentFile.toAbsolutePath().getParent());
        Files.writeString(argumentFile, argumentFileText(launcherArguments));
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "@" + argumentFile.toAbsolutePath())
                .directory(workingDirectory.toFile())
                .inheritIO();
        environment.accept(builder.environment());
        Process child = builder.start();
        // A terminal's Ctrl-C reaches the child too (same process group), but SIGTERM sent to Maven
        // alone does not; either way Maven's JVM runs this hook before it exits.
        Thread stopChild = new Thread(() -> stop(child), "vmodel-stop-forked-jvm");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            stop(child);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: it waits for the child itself.
            }
        }
    }

    /** Asks the child to stop (SIGTERM), gives it time to write its checkpoint, then kills it. */
    private static void stop(Process child) {
        if (!child.isAlive()) return;
        child.destroy();
        try {
            if (!child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) child.destroyForcibly();
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
