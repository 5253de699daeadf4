package dev.vmodel.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmodel parity SPEC}: generates a spec's DJL classes and PyTorch twin into a work folder,
 * compiles the Java ({@link CompiledSpecs}), and runs {@code dev.vmodel.runtime.parity.ParityCli} on
 * them in a JVM of the vmodel runtime.
 */
@Command(
        name = "parity",
        mixinStandardHelpOptions = true,
        description = "Checks that a spec's PyTorch twin computes what its DJL model computes: same weights, same"
                + " input; prints the largest differences of the logits and of the input gradient and the first"
                + " layer that differs. Needs a JDK, the vmodel runtime built on this machine and Python with torch.")
final class ParityCommand implements Callable<Integer>, SpecCommand {
    static final String PACKAGE = "parity.models";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The spec (and the specs it needs).")
    List<Path> files;

    @Option(names = "--model", paramLabel = "NAME", description = "The model (default: the spec's only model).")
    String model;

    @Option(names = "--variant", paramLabel = "NAME", description = "A variant (default: the spec's defaults).")
    String variant;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Overrides a model param.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Where the generated code goes (default: a temporary folder).")
    Path work;

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompiledSpecs compiled;
        try {
            compiled = CompiledSpecs.build("vmodel parity", files, PACKAGE, work, out, err);
        } catch (CompiledSpecs.Failed e) {
            return e.status;
        }
        String name = model != null
                ? model
                : compiled.models().size() == 1 ? compiled.models().get(0) : null;
        if (name == null) {
            err.println("vmodel parity: the specs declare several models; name one with --model");
            return VModelCli.USAGE;
        }
        List<String> cmd = compiled.java("dev.vmodel.runtime.parity.ParityCli");
        cmd.addAll(List.of("--model", name, "--python", compiled.python().toString()));
        if (variant != null) cmd.addAll(List.of("--variant", variant));
        params.forEach((k, v) -> cmd.addAll(List.of("--param", k + "=" + v)));
        return CompiledSpecs.run(cmd, out);
    }
}
