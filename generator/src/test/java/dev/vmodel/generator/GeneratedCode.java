package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.model.ModelInstance;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic.Kind;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Specs turned into Java, compiled with javac (all lint warnings on, none allowed) against the
 * runtime on the test class path, and loaded: the generated code as a user gets it.
 */
final class GeneratedCode {
    static final SpecLoader LOADER = SpecLoader.create();
    static final String PACKAGE = "dev.vmodel.models";

    final List<Generator.Unit> units = new ArrayList<>();
    /** What the generator produced: sources and the family registration. */
    final List<GeneratedFile> files;

    final ClassLoader classes;

    /** Through the pipeline the command line and the plugin use: check, generate, write. */
    private GeneratedCode(List<Path> specs, Path workDir) {
        VModelRun.Result result = VModelRun.builder()
                .specs(specs)
                .packageName(PACKAGE)
                .sourceOutput(workDir.resolve("generated-sources"))
                .resourceOutput(workDir.resolve("generated-resources"))
                .build()
                .generate();
        assertTrue(
                !result.hasErrors(),
                () -> result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        units.addAll(result.checked().units());
        files = result.files();
        classes = compile(files, workDir);
    }

    static GeneratedCode of(Path workDir, Path... specs) {
        return new GeneratedCode(List.of(specs), workDir);
    }

    List<ModelInstance> instances() {
        List<ModelInstance> all = new ArrayList<>();
        for (Generator.Unit u : units) all.addAll(u.instances());
        return all;
    }

    /** The generated source of a class, by simple name. */
    String source(String simpleName) {
        String path = PACKAGE.replace('.', '/') + "/" + simpleName + ".java";
        return files.stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .map(GeneratedFile::content)
                .orElseThrow(() -> new AssertionError("no generated " + path));
    }

    Class<?> load(String simpleName) {
        try {
            return classes.loadClass(PACKAGE + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class " + simpleName, e);
        }
    }

    /**
     * A spec's DJL classes, compiled and loaded, and its PyTorch twin.
     *
     * @param classes the loaded DJL classes and their family registration
     * @param python the root the twin's package is under ({@code dir/python})
     */
    record Twin(ClassLoader classes, Path python) {}

    /** Both targets of {@code specs} through the pipeline, into {@code dir}; fails the test on any error. */
    static Twin twin(Path dir, String packageName, Path... specs) {
        VModelRun.Result result = VModelRun.builder()
                .specs(List.of(specs))
                .packageName(packageName)
                .sourceOutput(dir.resolve("java"))
                .resourceOutput(dir.resolve("resources"))
                .pythonOutput(dir.resolve("python"))
                .target(Target.JAVA)
                .target(Target.PYTORCH)
                .build()
                .generate();
        assertTrue(
                !result.hasErrors(),
                () -> result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        List<GeneratedFile> java = result.files().stream()
                .filter(f -> f.kind() != GeneratedFile.Kind.PYTHON)
                .toList();
        return new Twin(compile(java, dir.resolve("compiled")), dir.resolve("python"));
    }

    /** javac with -Xlint:all -Werror; fails the test with javac's messages. Resources go beside the classes. */
    static ClassLoader compile(List<GeneratedFile> files, Path workDir) {
        try {
            Path src = Files.createDirectories(workDir.resolve("src"));
            Path out = Files.createDirectories(workDir.resolve("classes"));
            List<Path> paths = new ArrayList<>();
            for (GeneratedFile f : files) {
                Path file = (f.kind() == GeneratedFile.Kind.SOURCE ? src : out).resolve(f.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.content());
                if (f.kind() == GeneratedFile.Kind.SOURCE) paths.add(file);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
                List<String> options = List.of(
                        "-Xlint:all",
                        "-Werror",
                        "-proc:none",
                        "-d",
                        out.toString(),
                        "-classpath",
                        System.getProperty("java.class.path"));
                StringWriter log = new StringWriter();
                boolean ok = javac.getTask(log, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(paths))
                        .call();
                String messages = diagnostics.getDiagnostics().stream()
                        .map(d -> d.getKind() + " " + d.getSource().getName() + ":" + d.getLineNumber() + ": "
                                + d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("\n"));
                assertTrue(ok, "generated code does not compile:\n" + messages + log);
                assertEquals(
                        0,
                        diagnostics.getDiagnostics().stream()
                                .filter(d -> d.getKind() != Kind.NOTE)
                                .count(),
                        messages);
            }
            return new URLClassLoader(new URL[] {out.toUri().toURL()}, GeneratedCode.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
