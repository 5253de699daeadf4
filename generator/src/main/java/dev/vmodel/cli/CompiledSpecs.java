package dev.vmodel.cli;

import dev.vmodel.generator.GeneratedFile;
import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Specs generated for both targets into a work folder and the Java compiled there, ready for a
 * tool of the vmodel runtime to run on in a JVM of its own: what {@code vmodel parity} and {@code
 * vmodel benchmark} do before they start the runtime's side. The runtime's class path is the one this
 * build recorded ({@code runtime-classpath.txt}: the runtime and DJL with the PyTorch native
 * library, which the command-line jar does not carry).
 *
 * @param classes the compiled classes (and the model registration)
 * @param python the folder the generated Python package is under
 * @param classPath the classes, then the runtime's class path
 * @param models the models the specs declare, in order
 */
record CompiledSpecs(Path classes, Path python, String classPath, List<String> models) {
    static final String RUNTIME_CLASSPATH = "/dev/vmodel/cli/runtime-classpath.txt";

    /** A step failed; its message is printed already, the status is the command's exit status. */
    static final class Failed extends Exception {
        final int status;

        Failed(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /**
     * Generates and compiles.
     *
     * @param command the command's name for messages, e.g. {@code vmodel parity}
     * @param files the specs
     * @param packageName the package of the generated code
     * @param work the work folder, or null for a new temporary one
     * @param out where the specs' diagnostics go
     * @param err where failures go
     * @return the compiled specs
     * @throws Failed when the runtime or a JDK is missing or the specs have errors (reported)
     * @throws IOException when the work folder cannot be written
     */
    static CompiledSpecs build(
            String command, List<Path> files, String packageName, Path work, PrintWriter out, PrintWriter err)
            throws Failed, IOException {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory(command.replace(' ', '-'));
        List<Path> runtime = runtimeClassPath();
        if (runtime.isEmpty()) {
            err.println(command + ": the vmodel runtime built with this command line is not on this machine;"
                    + " build vmodel here (mvn install) or run the goal in a Maven project");
            throw new Failed(VModelCli.USAGE);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            err.println(command + ": needs a JDK (javac) to compile the generated classes, not a JRE");
            throw new Failed(VModelCli.USAGE);
        }
        VModelRun.Result result = VModelRun.builder()
                .specs(files)
                .packageName(packageName)
                .sourceOutput(dir.resolve("java"))
                .resourceOutput(dir.resolve("classes"))
                .pythonOutput(dir.resolve("python"))
                .target(Target.JAVA)
                .target(Target.PYTORCH)
                .build()
                .generate();
        for (Diagnostic d : result.diagnostics()) out.println(d.format());
        if (result.hasErrors()) {
            err.println(command + ": fix the errors above first");
            throw new Failed(VModelCli.SPEC_ERRORS);
        }
        String runtimePath = String.join(
                File.pathSeparator, runtime.stream().map(Path::toString).toList());
        compile(command, javac, result, dir, runtimePath, err);
        List<String> models = new ArrayList<>();
        for (var unit : result.checked().units()) {
            for (var instance : unit.instances()) {
                if (!models.contains(instance.model())) models.add(instance.model());
            }
        }
        return new CompiledSpecs(
                dir.resolve("classes"),
                dir.resolve("python"),
                dir.resolve("classes") + File.pathSeparator + runtimePath,
                List.copyOf(models));
    }

    /**
     * A JVM command on the compiled classes and the runtime, offline as every vmodel tool runs DJL.
     *
     * @param mainClass the runtime tool to run
     * @return the command up to the tool's arguments
     */
    List<String> java(String mainClass) {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                classPath,
                mainClass));
    }

    /**
     * Runs a runtime tool's command and passes its output on as it comes (a benchmark prints
     * progress for minutes).
     *
     * @param command the command, from {@link #java} and the tool's arguments
     * @param out where its standard output and error go
     * @return its exit status
     */
    static int run(List<String> command, PrintWriter out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (Reader in = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        return p.waitFor();
    }

    /** The runtime's class path this build recorded, if every entry is still there. */
    static List<Path> runtimeClassPath() throws IOException {
        try (InputStream in = CompiledSpecs.class.getResourceAsStream(RUNTIME_CLASSPATH)) {
            if (in == null) return List.of();
            List<Path> entries = new ArrayList<>();
            for (String e : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .strip()
                    .split(File.pathSeparator)) {
                if (e.isBlank()) continue;
                Path path = Path.of(e);
                if (!Files.exists(path)) return List.of();
                entries.add(path);
            }
            return entries;
        }
    }

    private static void compile(
            String command, JavaCompiler javac, VModelRun.Result result, Path dir, String classPath, PrintWriter err)
            throws IOException, Failed {
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
                err.println(command + ": the generated classes do not compile (a bug of vmodel; please report it):");
                err.println(log);
                throw new Failed(VModelCli.SPEC_ERRORS);
            }
        }
    }
}
