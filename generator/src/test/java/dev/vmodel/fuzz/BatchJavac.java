package dev.vmodel.fuzz;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the generated sources of many mutants in one javac run (each mutant has its own
 * package), as the tests compile generated code: {@code -Xlint:all} against the test class path,
 * every warning a failure. When the batch has an error, javac may stop before it reports the
 * others' problems, so each mutant of that batch is compiled again on its own.
 */
public final class BatchJavac {
    private BatchJavac() {}

    /** A mutant's generated source root (holding its package folders). */
    public record Sources(int mutant, Path root) {}

    /** javac's complaint per mutant (absent when its code compiled warning-free). */
    public static Map<Integer, String> compile(List<Sources> batch, Path classes) {
        Map<Integer, String> problems = new LinkedHashMap<>();
        if (batch.isEmpty()) return problems;
        Result all = javac(batch, classes);
        if (all.ok) {
            problems.putAll(all.problems);
            return problems;
        }
        for (Sources s : batch) {
            Result one = javac(List.of(s), classes);
            if (!one.ok || one.problems.containsKey(s.mutant())) {
                problems.put(s.mutant(), one.problems.getOrDefault(s.mutant(), "javac failed: " + one.log));
            }
        }
        return problems;
    }

    private record Result(boolean ok, Map<Integer, String> problems, String log) {}

    private static Result javac(List<Sources> batch, Path classes) {
        try {
            Files.createDirectories(classes);
            List<Path> files = new ArrayList<>();
            for (Sources s : batch) {
                if (!Files.isDirectory(s.root())) continue; // a file of blocks only generates nothing
                try (Stream<Path> w = Files.walk(s.root())) {
                    w.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
            if (files.isEmpty()) return new Result(true, Map.of(), "");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            StringWriter log = new StringWriter();
            boolean ok;
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
                List<String> options = List.of(
                        "-Xlint:all",
                        "-proc:none",
                        "-implicit:none",
                        "-d",
                        classes.toString(),
                        "-classpath",
                        System.getProperty("java.class.path"));
                ok = javac.getTask(log, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files))
                        .call();
            }
            Map<Integer, String> problems = new LinkedHashMap<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.NOTE) continue;
                String where = d.getSource() == null ? "" : d.getSource().getName();
                Integer owner = null;
                for (Sources s : batch) if (where.startsWith(s.root().toString())) owner = s.mutant();
                String message =
                        d.getKind() + " " + where.substring(where.lastIndexOf('/') + 1) + ":" + d.getLineNumber() + ": "
                                + d.getMessage(Locale.ROOT).lines().findFirst().orElse("");
                if (owner == null) {
                    for (Sources s : batch) problems.putIfAbsent(s.mutant(), message);
                } else {
                    problems.putIfAbsent(owner, message);
                }
            }
            return new Result(ok, problems, log.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
