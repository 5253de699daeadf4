package dev.vmodel.cli;

import com.palantir.javapoet.JavaFile;
import dev.vmodel.dsl.load.SpecCheck;
import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.generator.Generator;
import dev.vmodel.generator.write.SourceWriter;
import dev.vmodel.semantic.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates DJL block classes (one per model and block, with variant factories and a builder) "
                + "from spec files. Nothing is written unless every file validates.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .vmodel files to generate from.")
    List<Path> files;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Source root to write into (package folders are created).")
    Path output;

    @Option(names = {"-p", "--package"}, paramLabel = "PACKAGE", defaultValue = "dev.vmodel.models",
            description = "Java package of the generated classes (default: ${DEFAULT-VALUE}).")
    String packageName;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Generator.isPackageName(packageName)) {
            err.println("vmodel generate: '" + packageName + "' is not a Java package name");
            return VModelCli.USAGE;
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            err.println("vmodel generate: " + output + " exists and is not a directory");
            return VModelCli.USAGE;
        }
        SpecLoader loader = SpecLoader.create();
        List<Generator.Unit> units = new ArrayList<>();
        Set<String> printed = new LinkedHashSet<>();
        boolean errors = false;
        for (Path file : files) {
            SpecCheck check = SpecCheck.of(loader, file);
            for (Diagnostic d : check.diagnostics()) if (printed.add(d.format())) out.println(d.format());
            errors |= check.hasErrors();
            if (!check.hasErrors()) units.add(new Generator.Unit(check.program(), check.instances()));
        }
        if (errors) {
            err.println("vmodel generate: nothing written: fix the errors above first");
            return VModelCli.SPEC_ERRORS;
        }
        List<JavaFile> sources;
        try {
            sources = Generator.generate(units, packageName);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            err.println("vmodel generate: nothing written");
            return VModelCli.SPEC_ERRORS;
        }
        try {
            SourceWriter.Result result = SourceWriter.write(sources, output);
            for (Path p : result.written()) out.println("wrote " + p);
            if (result.written().isEmpty()) out.println("up to date: " + result.unchanged().size() + " files in " + output);
        } catch (IOException e) {
            err.println("vmodel generate: cannot write to " + output + ": " + e.getMessage());
            return VModelCli.SPEC_ERRORS;
        }
        return VModelCli.OK;
    }

}
