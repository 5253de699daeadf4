package dev.vmodel.cli;

import dev.vmodel.dsl.load.SpecCheck;
import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.semantic.Diagnostic;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks spec files and prints one line per problem: FILE:LINE:COL: error|warning: MESSAGE [CODE].%n"
                + "Exit status 0 when there are no errors, 1 when there are.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .vmodel files to check.")
    List<Path> files;

    @Override
    public Integer call() {
        SpecLoader loader = SpecLoader.create();
        Set<String> printed = new LinkedHashSet<>();
        boolean errors = false;
        for (Path file : files) {
            SpecCheck check = SpecCheck.of(loader, file);
            for (Diagnostic d : check.diagnostics()) {
                // A file imported by several of the given files reports its problems once.
                if (printed.add(d.format())) spec.commandLine().getOut().println(d.format());
            }
            errors |= check.hasErrors();
        }
        return errors ? VModelCli.SPEC_ERRORS : VModelCli.OK;
    }
}
