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
 * {@code vmodel benchmark SPEC}: any spec against its PyTorch twin without a Maven project. Generates
 * both targets into a work folder, compiles the Java ({@link CompiledSpecs}), and runs {@code
 * dev.vmodel.runtime.bench.BenchmarkCli} on them in a JVM of the vmodel runtime, as {@code
 * vmodel:benchmark} does in a project; its output streams through.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Measures a spec's models' training and inference throughput, the generated DJL model against"
                + " its PyTorch twin, alternately on this machine; prints a table and writes benchmark.json,"
                + " benchmark.md and benchmark.png. Needs a JDK, the vmodel runtime built on this machine and, for"
                + " the twin, Python with torch.")
final class BenchmarkCommand implements Callable<Integer>, SpecCommand {
    static final String PACKAGE = "benchmark.models";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The spec (and the specs it needs).")
    List<Path> files;

    @Option(names = "--model", paramLabel = "NAMES", description = "Models, comma-separated (default: all).")
    String model;

    @Option(names = "--variant", paramLabel = "NAMES", description = "Variants, comma-separated (default: each first).")
    String variant;

    @Option(names = "--batch", paramLabel = "SIZES", description = "Batch sizes, comma-separated (default: 16).")
    String batch;

    @Option(names = "--mode", paramLabel = "MODE", description = "train, infer or both (default: both).")
    String mode;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads of both stacks (default: cores).")
    Integer threads;

    @Option(names = "--full", description = "small/base/large at batch 16 and 64 with the full protocol.")
    boolean full;

    @Option(names = "--no-twin", description = "Measure the DJL models only.")
    boolean noTwin;

    @Option(names = "--windows", paramLabel = "N", description = "Timed windows (default: 5).")
    Integer windows;

    @Option(names = "--window-s", paramLabel = "S", description = "Seconds per window (default: 1.5; --full: 2).")
    Double windowS;

    @Option(names = "--warmup-s", paramLabel = "S", description = "Warm-up seconds (default: 4; --full: 5).")
    Double warmupS;

    @Option(names = "--quiet", paramLabel = "S", description = "Longest wait for a quiet machine (default: 10).")
    Double quietS;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Overrides a param of every model.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("vmodel-benchmark");

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
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        CompiledSpecs compiled;
        try {
            compiled = CompiledSpecs.build("vmodel benchmark", files, PACKAGE, work, stdout, stderr);
        } catch (CompiledSpecs.Failed e) {
            return e.status;
        }
        List<String> cmd = compiled.java("dev.vmodel.runtime.bench.BenchmarkCli");
        cmd.addAll(List.of(
                "--python-dir",
                compiled.python().toString(),
                "--out",
                out.toAbsolutePath().toString()));
        option(cmd, "--model", model);
        option(cmd, "--variant", variant);
        option(cmd, "--batch", batch);
        option(cmd, "--mode", mode);
        option(cmd, "--threads", threads);
        option(cmd, "--windows", windows);
        option(cmd, "--window-s", windowS);
        option(cmd, "--warmup-s", warmupS);
        option(cmd, "--quiet", quietS);
        if (full) cmd.add("--full");
        if (noTwin) cmd.add("--no-twin");
        params.forEach((k, v) -> cmd.addAll(List.of("--param", k + "=" + v)));
        return CompiledSpecs.run(cmd, stdout);
    }

    private static void option(List<String> cmd, String name, Object value) {
        if (value != null) cmd.addAll(List.of(name, value.toString()));
    }
}
