package dev.vmodel.cli;

import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks spec files, together, as generate would (nothing is written) and prints one line per"
                + " problem: FILE:LINE:COL: error|warning: MESSAGE [CODE].%n"
                + "Exit status 0 when there are no errors, 1 when there are.")
final class ValidateCommand implements Callable<Integer>, SpecCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .vmodel files to check.")
    List<Path> files;

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public Integer call() {
        var checked = VModelRun.builder().specs(files).build().validate();
        for (Diagnostic d : checked.diagnostics()) spec.commandLine().getOut().println(d.format());
        return checked.hasErrors() ? VModelCli.SPEC_ERRORS : VModelCli.OK;
    }
}
