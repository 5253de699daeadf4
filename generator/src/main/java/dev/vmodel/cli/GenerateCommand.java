package dev.vmodel.cli;

import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generates DJL block classes (one per model and block, with variant factories and a builder) "
                + "and their service registration from spec files, or (--target pytorch) their PyTorch twin: one "
                + "Python module per spec with torch.nn.Module classes. Nothing is written unless every file validates; "
                + "files whose content is unchanged are not touched.")
final class GenerateCommand implements Callable<Integer>, SpecCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .vmodel files to generate from.")
    List<Path> files;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "DIR",
            description = "Source root to write into (package folders are created).")
    Path output;

    @Option(
            names = "--resources",
            paramLabel = "DIR",
            description =
                    "Root for the generated class-path resources (META-INF/services/...); default: the -o directory.")
    Path resources;

    @Option(
            names = {"-p", "--package"},
            paramLabel = "PACKAGE",
            defaultValue = VModelRun.DEFAULT_PACKAGE,
            description = "Java package of the generated classes (default: ${DEFAULT-VALUE}).")
    String packageName;

    @Option(
            names = "--target",
            paramLabel = "TARGET",
            defaultValue = "java",
            description = "What to generate: java (DJL classes), pytorch (Python modules) or both"
                    + " (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(
            names = "--python-out",
            paramLabel = "DIR",
            description = "Root for the Python modules of --target pytorch or both; default: the -o directory.")
    Path pythonOutput;

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VModelRun run;
        try {
            VModelRun.Builder b = VModelRun.builder()
                    .specs(files)
                    .packageName(packageName)
                    .sourceOutput(output)
                    .resourceOutput(resources)
                    .pythonOutput(pythonOutput);
            for (Target t : Target.parse(target)) b.target(t);
            run = b.build();
        } catch (IllegalArgumentException e) {
            err.println("vmodel generate: " + e.getMessage());
            return VModelCli.USAGE;
        }
        VModelRun.Result result = run.generate();
        for (Diagnostic d : result.diagnostics()) out.println(d.format());
        if (result.hasErrors()) {
            err.println("vmodel generate: nothing written: fix the errors above first");
            return VModelCli.SPEC_ERRORS;
        }
        for (Path p : result.written()) out.println("wrote " + p);
        for (Path p : result.removed()) out.println("removed " + p);
        if (result.written().isEmpty()) {
            out.println("up to date: " + result.unchanged().size() + " files in " + output
                    + (resources != null && !resources.equals(output) ? " and " + resources : ""));
        }
        return VModelCli.OK;
    }
}
