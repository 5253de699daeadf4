package dev.vmodel.cli;

import dev.vmodel.generator.GeneratedFile;
import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmodel parity SPEC}: generates a spec's DJL classes and PyTorch twin into a work folder,
 * compiles the Java with the JDK's compiler, and runs {@code dev.vmodel.runtime.parity.ParityCli}
 * on them in a JVM of the vmodel runtime, whose class path this build recorded
 * ({@code runtime-classpath.txt}: the runtime and DJL with the PyTorch native library, which the
 * command-line jar does not carry).
 */
@Command(
        name = "parity",
        mixinStandardHelpOptions = true,
        description = "Checks that a spec's PyTorch twin computes what its DJL model computes: same weights, same"
                + " input; prints the largest differences of the logits and of the input gradient and the first"
                + " layer that differs. Needs a JDK, the vmodel runtime built on this machine and Python with torch.")
final class ParityCommand implements Callable<Integer>, SpecCommand {
    static final String RUNTIME_CLASSPATH = "/dev/vmodel/cli/runtime-classpath.txt";
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
        List<Path> runtime = runtimeClassPath();
        if (runtime.isEmpty()) {
            err.println("vmodel parity: the vmodel runtime built with this command line is not on this machine;"
                    + " build vmodel here (mvn install) or run mvn vmodel:parity in a Maven project");
            return VModelCli.USAGE;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            err.println("vmodel parity: needs a JDK (javac) to compile the generated classes, not a JRE");
            return VModelCli.USAGE;
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("vmodel-parity");
        VModelRun.Result result = VModelRun.builder()
                .specs(files)
                .packageName(PACKAGE)
                .sourceOutput(dir.resolve("java"))
                .resourceOutput(dir.resolve("classes"))
                .pythonOutput(dir.resolve("python"))
                .target(Target.JAVA)
                .target(Target.PYTORCH)
                .build()
                .generate();
        for (Diagnostic d : result.diagnostics()) out.println(d.format());
        if (result.hasErrors()) {
            err.println("vmodel parity: fix the errors above first");
            return VModelCli.SPEC_ERRORS;
        }
        String classPath = String.join(
                java.io.File.pathSeparator, runtime.stream().map(Path::toString).toList());
        if (!compile(javac, result, dir, classPath, err)) {
            return VModelCli.SPEC_ERRORS;
        }
        String name = model != null ? model : onlyModel(result);
        if (name == null) {
            err.println("vmodel parity: the specs declare several models; name one with --model");
            return VModelCli.USAGE;
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                dir.resolve("classes") + java.io.File.pathSeparator + classPath,
                "dev.vmodel.runtime.parity.ParityCli",
                "--model",
                name,
                "--python",
                dir.resolve("python").toString()));
        if (variant != null) cmd.addAll(List.of("--variant", variant));
        params.forEach((k, v) -> cmd.addAll(List.of("--param", k + "=" + v)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            out.flush();
        }
        return p.waitFor();
    }

    /** The runtime's class path this build recorded, if every entry is still there. */
    static List<Path> runtimeClassPath() throws IOException {
        try (InputStream in = ParityCommand.class.getResourceAsStream(RUNTIME_CLASSPATH)) {
            if (in == null) return List.of();
            List<Path> entries = new ArrayList<>();
            for (String e : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .strip()
                    .split(java.io.File.pathSeparator)) {
                if (e.isBlank()) continue;
                Path path = Path.of(e);
                if (!Files.exists(path)) return List.of();
                entries.add(path);
            }
            return entries;
        }
    }

    private static boolean compile(
            JavaCompiler javac, VModelRun.Result result, Path dir, String classPath, PrintWriter err)
            throws IOException {
        List<Path> sources = new ArrayList<>();
        for (GeneratedFile f : result.files()) {
            if (f.kind() == GeneratedFile.Kind.SOURCE)
                sources.add(dir.resolve("java").resolve(f.path()));
        }
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(
                            log,
                            fm,
                            null,
                            List.of("-proc:none", "-d", dir.resolve("classes").toString(), "-cp", classPath),
                            null,
                            fm.getJavaFileObjectsFromPaths(sources))
                    .call();
            if (!ok) {
                err.println("vmodel parity: the generated classes do not compile (a bug of vmodel; please report it):");
                err.println(log);
            }
            return ok;
        }
    }

    /** The one model the specs declare, or null when there are several. */
    private static String onlyModel(VModelRun.Result result) {
        List<String> models = new ArrayList<>();
        for (var unit : result.checked().units()) {
            for (var instance : unit.instances()) {
                if (!models.contains(instance.model())) models.add(instance.model());
            }
        }
        return models.size() == 1 ? models.get(0) : null;
    }
}
