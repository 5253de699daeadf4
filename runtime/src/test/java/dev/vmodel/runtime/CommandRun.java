package dev.vmodel.runtime;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What one of the runtime's command lines printed and returned, run in this JVM with its output
 * captured: the commands' {@code run(args, out, err)} entry points.
 *
 * @param status the exit status
 * @param out standard output
 * @param err standard error
 */
public record CommandRun(int status, String out, String err) {

    /** A command's {@code run(String[] args, PrintStream out, PrintStream err)}. */
    @FunctionalInterface
    public interface Command {
        /**
         * Runs the command.
         *
         * @param args the command line
         * @param out standard output
         * @param err standard error
         * @return the exit status
         */
        int run(String[] args, PrintStream out, PrintStream err);
    }

    /**
     * Runs a command and captures its output.
     *
     * @param command the command, e.g. {@code BenchmarkCli::run}
     * @param args its command line
     * @return what it printed and returned
     */
    public static CommandRun of(Command command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = command.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
