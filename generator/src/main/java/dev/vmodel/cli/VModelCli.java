package dev.vmodel.cli;

import dev.vmodel.generator.pipeline.VModelRun;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vmodel} command line. Exit status: 0 when every spec is valid, 1 when a spec has
 * errors, 2 on bad usage. Problems are printed as {@code FILE:LINE:COL: error: MESSAGE [CODE]}.
 */
@Command(
        name = "vmodel",
        mixinStandardHelpOptions = true,
        versionProvider = VModelCli.Version.class,
        description = "Validates vision-model specs (.vmodel) and reports their shapes, parameters and MACs.",
        subcommands = {
            ValidateCommand.class,
            SummaryCommand.class,
            GenerateCommand.class,
            ParityCommand.class,
            BenchmarkCommand.class,
            CommandLine.HelpCommand.class
        })
public final class VModelCli {
    public static final int OK = 0;
    public static final int SPEC_ERRORS = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; never throws. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new VModelCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : SPEC_ERRORS);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // A bug of ours, not of the spec: one located line, never a stack trace.
            commandLine.getOut().println(failure(commandLine.getCommand(), commandLine.getCommandName(), e));
            return SPEC_ERRORS;
        });
        if (args.length == 0) {
            cli.usage(err);
            return USAGE;
        }
        try {
            return cli.execute(args);
        } catch (RuntimeException | Error e) {
            // What picocli lets through (an Error in a command): still one located line.
            Object command = cli.getSubcommands().values().stream()
                    .map(CommandLine::getCommand)
                    .filter(c -> c instanceof SpecCommand s && s.files() != null)
                    .findFirst()
                    .orElse(null);
            out.println(failure(command, "vmodel", e));
            return SPEC_ERRORS;
        }
    }

    /** {@code FILE:1:1: error: vmodel failed while running generate on this file (X)... [vmodel.unexpected-failure]}. */
    private static String failure(Object command, String name, Throwable e) {
        // For a bug report, VMODEL_DEBUG=1 adds the trace on standard error; users never see it otherwise.
        if (System.getenv("VMODEL_DEBUG") != null) e.printStackTrace();
        String file = command instanceof SpecCommand s
                        && s.files() != null
                        && !s.files().isEmpty()
                ? String.valueOf(s.files().get(0))
                : "vmodel";
        return VModelRun.unexpected(file, "running " + name + " on", e).format();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = VModelCli.class.getPackage().getImplementationVersion();
            return new String[] {"vmodel " + (v != null ? v : "(development build)")};
        }
    }
}
