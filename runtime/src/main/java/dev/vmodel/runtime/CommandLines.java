package dev.vmodel.runtime;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * How the runtime's command lines run a picocli command: output to the given streams, DJL's logging
 * quiet ({@link Engines#quietLogging()}), a bad option as one line naming the command with exit
 * status 2 (not picocli's usage dump), and a failure the command did not catch as one line with
 * exit status 1 ({@code VMODEL_DEBUG=1} adds the stack trace).
 */
public final class CommandLines {

    /** The exit status of bad usage. */
    public static final int USAGE = 2;

    private CommandLines() {}

    /**
     * Runs a command.
     *
     * @param name the command's name in messages, e.g. {@code vmodel benchmark}
     * @param command the picocli command object
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    public static int execute(String name, Object command, String[] args, PrintStream out, PrintStream err) {
        Engines.quietLogging();
        return new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println(name + ": " + e.getMessage() + " (--help lists the options)");
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, c, p) -> {
                    err.println(name + ": internal failure: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null
                                    ? ""
                                    : ": " + e.getMessage().lines().findFirst().orElse("")));
                    if (System.getenv("VMODEL_DEBUG") != null) {
                        e.printStackTrace(err);
                    }
                    return 1;
                })
                .execute(args);
    }
}
