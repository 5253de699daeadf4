package dev.vmodel.generator.pipeline;

import dev.vmodel.dsl.load.ProgramLoader;
import dev.vmodel.dsl.load.SpecCheck;
import dev.vmodel.dsl.load.SpecLoader;
import dev.vmodel.generator.GeneratedFile;
import dev.vmodel.generator.Generator;
import dev.vmodel.generator.write.OutputWriter;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.eval.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one way from spec files to generated files, used by the command line, the Maven goals and
 * the tests: load every spec with its imports, check it (front end, then the checks between files
 * generated together), call each {@link Target}, check the names of what it produced, and write.
 * Every problem, including a failure of the generator itself, comes back as a located diagnostic
 * with an issue code, never as an exception; nothing is written while there is an error.
 *
 * <pre>{@code
 * VModelRun.Result r = VModelRun.builder().specs(files).packageName("com.example")
 *         .sourceOutput(src).resourceOutput(res).build().generate();
 * r.diagnostics().forEach(d -> System.out.println(d.format()));
 * }</pre>
 *
 * <p>With a {@linkplain Builder#stateFile state file} a run is incremental: when no spec (nor
 * anything it imports), the generator and the options are the same as at the last generation,
 * nothing is generated, and files an earlier run wrote that no spec produces any more are removed.
 */
public final class VModelRun {
    public static final String DEFAULT_PACKAGE = "dev.vmodel.models";

    private final List<Path> specs;
    private final String packageName;
    private final Path sourceOutput;
    private final Path resourceOutput;
    private final Path pythonOutput;
    private final Path stateFile;
    private final Path specRoot;
    private final List<Target> targets;

    private VModelRun(Builder b) {
        this.specs = List.copyOf(b.specs);
        this.packageName = b.packageName;
        this.sourceOutput = b.sourceOutput;
        this.resourceOutput = b.resourceOutput != null ? b.resourceOutput : b.sourceOutput;
        this.pythonOutput = b.pythonOutput != null ? b.pythonOutput : b.sourceOutput;
        this.stateFile = b.stateFile;
        this.specRoot = b.specRoot;
        this.targets = b.targets.isEmpty() ? List.of(Target.JAVA) : List.copyOf(b.targets);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What {@link #generate} did. Paths are the targets' paths under the output roots. */
    public record Result(
            Checked checked,
            List<Diagnostic> diagnostics,
            List<String> reasons,
            boolean upToDate,
            List<GeneratedFile> files,
            List<Path> written,
            List<Path> unchanged,
            List<Path> removed) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    /**
     * Loads and checks every spec, and the names they share, without generating: what the
     * editor-like tools need fast. {@link #validate} adds what only the generator can find.
     */
    public Checked check() {
        SpecLoader loader = SpecLoader.create();
        Set<Diagnostic> diagnostics = new LinkedHashSet<>();
        List<Checked.Spec> checked = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path file : specs) {
            // The same file named twice (a.vmodel ./a.vmodel) is one spec, not two models named alike.
            if (!seen.add(file.toAbsolutePath().normalize())) continue;
            Checked.Spec spec;
            try {
                SpecCheck c = SpecCheck.of(loader, file);
                for (Diagnostic d : c.diagnostics()) diagnostics.add(withoutExceptionText(d));
                spec = new Checked.Spec(file, c.program(), c.instances(), c.hasErrors());
            } catch (SpecError e) {
                diagnostics.add(e.diagnostic());
                spec = new Checked.Spec(file, null, List.of(), true);
            } catch (OutOfMemoryError e) {
                diagnostics.add(Diagnostic.error(
                        IssueCodes.OUT_OF_MEMORY,
                        "not enough memory to analyse this spec: it"
                                + " expands to too many layers (raise the JVM's -Xmx, or make it smaller)",
                        SourceLocation.unknown(file.toString())));
                spec = new Checked.Spec(file, null, List.of(), true);
            } catch (StackOverflowError e) {
                diagnostics.add(Diagnostic.error(
                        IssueCodes.NESTING_TOO_DEEP,
                        "this spec nests too deeply to analyse",
                        SourceLocation.unknown(file.toString())));
                spec = new Checked.Spec(file, null, List.of(), true);
            } catch (RuntimeException e) {
                diagnostics.add(unexpected(file.toString(), "analysing", e));
                spec = new Checked.Spec(file, null, List.of(), true);
            }
            checked.add(spec);
        }
        List<Program> valid = new ArrayList<>();
        for (Checked.Spec s : checked) if (!s.hasErrors() && s.program() != null) valid.add(s.program());
        diagnostics.addAll(NameClashes.check(valid));
        return new Checked(List.copyOf(diagnostics), checked);
    }

    /**
     * {@link #check}, then every target in memory: a spec that validates also generates. Nothing
     * is written.
     */
    public Checked validate() {
        Checked checked = check();
        if (checked.hasErrors() || checked.units().isEmpty()) return checked;
        Generation g = runTargets(checked);
        List<Diagnostic> all = new ArrayList<>(checked.diagnostics());
        for (Diagnostic d : g.diagnostics) if (!all.contains(d)) all.add(d);
        return new Checked(List.copyOf(all), checked.specs());
    }

    /** Checks, generates and, when there is no error, writes; see the class comment. */
    public Result generate() {
        if (sourceOutput == null) throw new IllegalStateException("generate needs a source output directory");
        Checked checked = check();
        if (checked.hasErrors()) return nothingWritten(checked, checked.diagnostics(), List.of());

        GenerationState previous = stateFile != null ? GenerationState.read(stateFile) : null;
        GenerationState current = new GenerationState();
        current.generator = GenerationState.generatorVersion();
        current.packageName = packageName;
        current.targets = targetNames();
        for (Checked.Spec s : checked.specs()) {
            try {
                current.specs.put(key(s.file()), GenerationState.digest(s.program()));
            } catch (IOException | RuntimeException e) {
                current.specs.put(key(s.file()), "unreadable"); // then it never matches the last digest
            }
        }
        List<String> reasons = stateFile != null
                ? current.changesSince(previous, sourceOutput, resourceOutput, pythonOutput)
                : List.of();
        if (stateFile != null && reasons.isEmpty()) {
            return new Result(
                    checked, checked.diagnostics(), reasons, true, List.of(), List.of(), List.of(), List.of());
        }

        Generation g = runTargets(checked);
        List<Diagnostic> diagnostics = new ArrayList<>(checked.diagnostics());
        for (Diagnostic d : g.diagnostics) if (!diagnostics.contains(d)) diagnostics.add(d);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) return nothingWritten(checked, diagnostics, reasons);

        List<OutputWriter.Output> outputs = new ArrayList<>();
        for (GeneratedFile f : g.files) {
            Path root = switch (f.kind()) {
                case SOURCE -> sourceOutput;
                case RESOURCE -> resourceOutput;
                case PYTHON -> pythonOutput;
            };
            outputs.add(new OutputWriter.Output(root.resolve(f.path()), f.content()));
            (switch (f.kind()) {
                        case SOURCE -> current.outputs;
                        case RESOURCE -> current.resources;
                        case PYTHON -> current.python;
                    })
                    .add(f.path());
        }
        List<Path> stale = current.staleSince(previous, sourceOutput, resourceOutput, pythonOutput);
        try {
            if (stateFile != null) current.inProgress(previous).write(stateFile);
            OutputWriter.Outcome outcome = OutputWriter.write(outputs, stale);
            if (stateFile != null) current.write(stateFile);
            return new Result(
                    checked,
                    List.copyOf(diagnostics),
                    reasons,
                    false,
                    g.files,
                    outcome.written(),
                    outcome.unchanged(),
                    outcome.removed());
        } catch (OutputWriter.WriteFailure e) {
            diagnostics.add(Diagnostic.error(
                    IssueCodes.CANNOT_WRITE,
                    e.getMessage(),
                    SourceLocation.unknown(e.target().toString())));
            return nothingWritten(checked, diagnostics, reasons);
        }
    }

    private static Result nothingWritten(Checked checked, List<Diagnostic> diagnostics, List<String> reasons) {
        return new Result(
                checked, List.copyOf(diagnostics), reasons, false, List.of(), List.of(), List.of(), List.of());
    }

    /** The targets by name, for the state: a change of targets regenerates. */
    private String targetNames() {
        List<String> names = new ArrayList<>();
        for (Target t : targets) names.add(t == Target.JAVA ? "java" : t == Target.PYTORCH ? "pytorch" : "custom");
        return String.join(",", names);
    }

    /** The files of every target, or the diagnostics that keep them from being written. */
    private record Generation(List<GeneratedFile> files, List<Diagnostic> diagnostics) {}

    private Generation runTargets(Checked checked) {
        List<Generator.Unit> units = checked.units();
        List<Program> programs = units.stream().map(Generator.Unit::program).toList();
        String firstFile =
                checked.specs().isEmpty() ? "" : checked.specs().get(0).file().toString();
        List<GeneratedFile> files = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Target target : targets) {
            try {
                Generator.Result r = target.generate(units, packageName);
                files.addAll(r.files());
                diagnostics.addAll(r.diagnostics());
            } catch (SpecError e) {
                diagnostics.add(e.diagnostic());
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                diagnostics.add(failureOfGenerator(target, units, e, firstFile));
            }
        }
        diagnostics.addAll(OutputNames.check(files, programs, firstFile));
        return new Generation(files, diagnostics);
    }

    /**
     * A generator that threw: a bug of vmodel, reported at the spec it fails on (found by
     * generating each spec alone) so that the user knows which file to report or work around.
     */
    private Diagnostic failureOfGenerator(Target target, List<Generator.Unit> units, Throwable e, String firstFile) {
        String file = firstFile;
        if (units.size() > 1) {
            for (Generator.Unit u : units) {
                try {
                    target.generate(List.of(u), packageName);
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError again) {
                    file = u.program().root().path();
                    break;
                }
            }
        } else if (units.size() == 1) {
            file = units.get(0).program().root().path();
        }
        // No exception text: a fuzzer (or a user) must never see one. The spec reproduces it.
        return Diagnostic.error(
                IssueCodes.GENERATION_FAILED,
                "cannot generate code for this spec: the generator failed on"
                        + " it; this is a vmodel bug, please report it with this file",
                SourceLocation.unknown(file));
    }

    /**
     * The loader reports its own failures with the exception's text; users (and the fuzz runs)
     * must only ever see located problems, so such a line keeps its place and loses the text.
     */
    private static Diagnostic withoutExceptionText(Diagnostic d) {
        if (!d.code().equals(ProgramLoader.INTERNAL_ERROR)) return d;
        return Diagnostic.error(
                IssueCodes.UNEXPECTED_FAILURE,
                "vmodel failed while loading this file; this is a vmodel bug," + " please report it with this file",
                d.location());
    }

    /** A failure of vmodel itself while working on {@code file}: one located line, no exception text. */
    public static Diagnostic unexpected(String file, String doing, Throwable e) {
        return Diagnostic.error(
                IssueCodes.UNEXPECTED_FAILURE,
                "vmodel failed while " + doing + " this file; this is a"
                        + " vmodel bug, please report it with this file",
                SourceLocation.unknown(file));
    }

    /** A spec's name in the state and in messages: relative to the spec root when under it. */
    private String key(Path spec) {
        Path abs = spec.toAbsolutePath().normalize();
        Path base = specRoot != null ? specRoot.toAbsolutePath().normalize() : null;
        return (base != null && abs.startsWith(base) ? base.relativize(abs) : abs)
                .toString()
                .replace('\\', '/');
    }

    /** The options of a run. Invalid options are the caller's mistake: {@link #build} says which. */
    public static final class Builder {
        private final List<Path> specs = new ArrayList<>();
        private String packageName = DEFAULT_PACKAGE;
        private Path sourceOutput;
        private Path resourceOutput;
        private Path pythonOutput;
        private Path stateFile;
        private Path specRoot;
        private final List<Target> targets = new ArrayList<>();

        private Builder() {}

        public Builder specs(List<Path> files) {
            specs.addAll(files);
            return this;
        }

        /** The Java package of the generated classes (default {@value #DEFAULT_PACKAGE}). */
        public Builder packageName(String name) {
            this.packageName = name;
            return this;
        }

        /** The root generated sources are written under (package folders are created). */
        public Builder sourceOutput(Path dir) {
            this.sourceOutput = dir;
            return this;
        }

        /** The root generated resources ({@code META-INF/services/...}) go under; default the source root. */
        public Builder resourceOutput(Path dir) {
            this.resourceOutput = dir;
            return this;
        }

        /** The root the PyTorch target's files go under (package folders are created); default the source root. */
        public Builder pythonOutput(Path dir) {
            this.pythonOutput = dir;
            return this;
        }

        /** Where the record of the last generation is kept; without one every run generates and nothing is removed. */
        public Builder stateFile(Path file) {
            this.stateFile = file;
            return this;
        }

        /** The folder spec names in the state and in the reasons are relative to. */
        public Builder specRoot(Path dir) {
            this.specRoot = dir;
            return this;
        }

        /** Adds a target; without any, the run generates Java ({@link Target#JAVA}). */
        public Builder target(Target target) {
            targets.add(target);
            return this;
        }

        /** @throws IllegalArgumentException naming the option that is wrong */
        public VModelRun build() {
            if (!Generator.isPackageName(packageName)) {
                throw new IllegalArgumentException("'" + packageName + "' is not a Java package name; use dotted Java"
                        + " identifiers such as com.example.models");
            }
            for (Path dir : new Path[] {sourceOutput, resourceOutput, pythonOutput}) {
                if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
                    throw new IllegalArgumentException(dir + " exists and is not a directory");
                }
            }
            return new VModelRun(this);
        }
    }
}
