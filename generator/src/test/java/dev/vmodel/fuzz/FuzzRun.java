package dev.vmodel.fuzz;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fuzz run: N mutants of the seed specs through {@code validate} (front-end oracle), and every
 * mutant that validates through {@code summary}, {@code generate}, javac and DJL (differential
 * oracle). Counts mutants per failure class and keeps the first example of each class as a folder
 * that reproduces it ({@code vmodel validate <folder>/spec/<entry>}).
 *
 * <p>Run outside the build by {@code generator/fuzz/run-fuzz.sh [COUNT] [SEED]}; a few hundred
 * mutants run in the build ({@code FrontEndFuzzTest}).
 */
public final class FuzzRun {

    /**
     * @param root the project root (seed specs are read from there)
     * @param count how many mutants
     * @param seed the run's seed: with a mutant's index, all that determines it
     * @param first index of the first mutant (to replay one: first = its index, count = 1)
     * @param work scratch folder (emptied per mutant)
     * @param examples where the first example of each failure class is kept, or null
     * @param differential whether mutants that validate are generated, compiled and counted too
     * @param validateLimit time bound of one {@code validate}
     * @param commandLimit time bound of one {@code summary} or {@code generate}
     * @param djlMaxParams models with more static parameters are not built in DJL (time)
     * @param batch how many mutants' sources one javac run compiles
     * @param progress where progress lines go, or null
     */
    public record Config(
            Path root,
            int count,
            long seed,
            int first,
            Path work,
            Path examples,
            boolean differential,
            Duration validateLimit,
            Duration commandLimit,
            long djlMaxParams,
            int batch,
            PrintStream progress) {}

    /**
     * One failure of one mutant.
     *
     * @param mutant its index
     * @param kind the failure class
     * @param detail what went wrong, escaped to printable ASCII
     * @param mutations how the mutant was made (seed file and mutations)
     */
    public record Finding(int mutant, FailureClass kind, String detail, String mutations) {}

    /** The figures of a run. */
    public static final class Report {
        public int mutants;
        public int validated;
        public int rejected;
        public int djlChecked;
        public int djlSkippedLarge;
        public int djlNoClass;
        /** mutant:model of the first models that had no class to build (names the generator changed). */
        public final List<String> noClassExamples = new ArrayList<>();

        public long millis;
        public final Map<FailureClass, Integer> counts = new EnumMap<>(FailureClass.class);
        public final Map<FailureClass, Finding> firstExample = new EnumMap<>(FailureClass.class);
        public final List<Finding> findings = new ArrayList<>();

        public int failures(FailureClass c) {
            return counts.getOrDefault(c, 0);
        }

        /** Mutants with at least one failure. */
        public int failedMutants() {
            Set<Integer> m = new LinkedHashSet<>();
            for (Finding f : findings) m.add(f.mutant());
            return m.size();
        }

        public String figures(Config c) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(
                    "vmodel fuzz: seed %d, mutants %d..%d, %.1f s%n",
                    c.seed(), c.first(), c.first() + mutants - 1, millis / 1000.0));
            line(b, "mutants", mutants);
            line(b, "validated clean (exit 0)", validated);
            line(b, "rejected, every line located", rejected);
            for (FailureClass k : FailureClass.values()) line(b, k.figure, failures(k));
            line(b, "DJL counts compared", djlChecked);
            line(b, "DJL skipped (> " + c.djlMaxParams() + " params)", djlSkippedLarge);
            line(b, "DJL skipped (no class for the model)", djlNoClass);
            line(b, "mutants with any failure", failedMutants());
            if (!noClassExamples.isEmpty())
                b.append("models without a class: ")
                        .append(String.join(", ", noClassExamples))
                        .append('\n');
            for (Map.Entry<FailureClass, Finding> e : firstExample.entrySet()) {
                b.append(String.format(
                        "first %s: mutant %d: %s%n",
                        e.getKey().name().toLowerCase(),
                        e.getValue().mutant(),
                        e.getValue().detail()));
            }
            return b.toString();
        }

        private static void line(StringBuilder b, String what, int n) {
            b.append(String.format("  %-44s %d%n", what + ":", n));
        }
    }

    /** At most this many failing mutants are kept under examples/all. */
    static final int MAX_KEPT = 300;

    private record Pending(Mutant mutant, Path dir, Path sources, JsonArray summary) {}

    private final Config config;
    private final Mutator mutator;
    private final Report report = new Report();
    private final List<Pending> pending = new ArrayList<>();
    private int batches;

    private FuzzRun(Config config, Mutator mutator) {
        this.config = config;
        this.mutator = mutator;
    }

    public static Report run(Config config) {
        FuzzRun run = new FuzzRun(config, new Mutator(SeedTree.fromProject(config.root()), config.seed()));
        run.warmUp();
        long start = System.nanoTime();
        for (int i = config.first(); i < config.first() + config.count(); i++) {
            run.one(run.mutator.mutant(i));
            if (config.progress() != null && (i - config.first() + 1) % 100 == 0) {
                config.progress()
                        .printf(
                                "fuzz: %d mutants, %d validated, %d failing, %.0f s%n",
                                i - config.first() + 1,
                                run.report.validated,
                                run.report.failedMutants(),
                                (System.nanoTime() - start) / 1e9);
            }
        }
        run.flush();
        run.report.millis = (System.nanoTime() - start) / 1_000_000;
        return run.report;
    }

    /**
     * One untimed validate of an unmutated seed first: the Xtext set-up (seconds) happens once per
     * JVM and must not count against the first mutant's time bound.
     */
    private void warmUp() {
        try {
            Path dir = config.work().resolve("warm-up");
            deleteTree(dir);
            SeedTree t = SeedTree.fromProject(config.root()).get(0);
            Mutant plain =
                    new Mutant(-1, t.name(), t.files().keySet().iterator().next(), encode(t.files()), "none");
            Cli.run(Duration.ofMinutes(2), "validate", plain.writeTo(dir).toString());
            deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> encode(Map<String, String> files) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /** The mutant {@code index} of a run, for a test or a replay. */
    public static Mutant mutant(Path root, long seed, int index) {
        return new Mutator(SeedTree.fromProject(root), seed).mutant(index);
    }

    /**
     * Given inputs (a corpus of past findings) through the same oracles as mutants; {@code count},
     * {@code seed} and {@code first} of the config are not used.
     */
    public static Report check(Config config, List<Mutant> inputs) {
        FuzzRun run = new FuzzRun(config, null);
        run.warmUp();
        long start = System.nanoTime();
        for (Mutant m : inputs) run.one(m);
        run.flush();
        run.report.millis = (System.nanoTime() - start) / 1_000_000;
        return run.report;
    }

    private void one(Mutant m) {
        int index = m.index();
        report.mutants++;
        Path dir = config.work().resolve(String.format("m%06d", index));
        Path entry;
        try {
            deleteTree(dir);
            entry = m.writeTo(dir.resolve("spec"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cli.Answer validate = Cli.run(config.validateLimit(), "validate", entry.toString());
        Map<FailureClass, String> found = OutputChecks.check(validate, List.of());
        found.forEach((k, v) -> record(m, dir, k, "validate: " + v, validate));
        boolean clean = validate.rc() == 0 && !validate.timedOut() && validate.escaped() == null;
        if (clean) report.validated++;
        else if (found.isEmpty()) report.rejected++;
        if (!clean || !config.differential()) {
            deleteQuietly(dir);
            return;
        }
        Cli.Answer summary = Cli.run(config.commandLimit(), "summary", "--json", entry.toString());
        JsonArray json = null;
        Map<FailureClass, String> summaryFound = OutputChecks.check(
                new Cli.Answer(
                        summary.rc(), "", summary.err(), summary.millis(), summary.timedOut(), summary.escaped()),
                List.of());
        summaryFound.remove(FailureClass.UNLOCATED);
        summaryFound.forEach((k, v) -> record(m, dir, k, "summary: " + v, summary));
        try {
            if (summary.rc() == 0) json = JsonParser.parseString(summary.out()).getAsJsonArray();
        } catch (RuntimeException e) {
            json = null;
        }
        if (json == null) {
            record(
                    m,
                    dir,
                    FailureClass.SUMMARY_FAILED,
                    "summary: exit " + summary.rc() + ": " + firstLine(summary.text()),
                    summary);
        }
        Path sources = dir.resolve("gen");
        Cli.Answer generate = Cli.run(
                config.commandLimit(), "generate", entry.toString(), "-o", sources.toString(), "-p", packageOf(m));
        Map<FailureClass, String> generateFound = OutputChecks.check(generate, List.of("wrote ", "up to date: "));
        generateFound.forEach((k, v) -> record(m, dir, k, "generate: " + v, generate));
        if (generate.rc() != 0) {
            String problem = generate.text()
                    .lines()
                    .filter(l -> !l.startsWith("wrote "))
                    .findFirst()
                    .orElse("");
            record(
                    m,
                    dir,
                    FailureClass.GENERATE_FAILED,
                    "generate: exit " + generate.rc() + ": " + Mutator.escape(OutputChecks.clip(problem)),
                    generate);
            deleteQuietly(dir);
            return;
        }
        pending.add(new Pending(m, dir, sources, json));
        if (pending.size() >= config.batch()) flush();
    }

    static String packageOf(Mutant m) {
        return "fz.m" + m.index();
    }

    /** javac over the pending mutants' sources, then DJL counts of those that compiled. */
    private void flush() {
        if (pending.isEmpty()) return;
        Path classes = config.work().resolve("batch" + (batches++));
        try {
            List<BatchJavac.Sources> sources = new ArrayList<>();
            for (Pending p : pending)
                sources.add(new BatchJavac.Sources(p.mutant().index(), p.sources()));
            Map<Integer, String> javac = BatchJavac.compile(sources, classes);
            try (URLClassLoader loader =
                    new URLClassLoader(new URL[] {classes.toUri().toURL()}, FuzzRun.class.getClassLoader())) {
                for (Pending p : pending) {
                    String problem = javac.get(p.mutant().index());
                    if (problem != null) {
                        record(
                                p.mutant(),
                                p.dir(),
                                FailureClass.JAVAC_FAILED,
                                Mutator.escape(OutputChecks.clip(problem)),
                                null);
                    } else if (p.summary() != null) {
                        countInDjl(p, loader, classes);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Pending p : pending) deleteQuietly(p.dir());
            deleteQuietly(classes);
            pending.clear();
        }
    }

    private void countInDjl(Pending p, ClassLoader loader, Path classes) {
        Set<String> models = new LinkedHashSet<>();
        for (JsonElement e : p.summary()) {
            JsonObject o = e.getAsJsonObject();
            String model = o.get("model").getAsString();
            if (!models.add(model)) continue; // the first variant of each model
            String variant = o.get("variant").getAsString();
            long expected = o.get("params").getAsLong();
            if (expected > config.djlMaxParams()) {
                report.djlSkippedLarge++;
                continue;
            }
            Class<?> c = DjlCount.modelClass(loader, classes, packageOf(p.mutant()), model);
            if (c == null) {
                report.djlNoClass++;
                if (report.noClassExamples.size() < 10)
                    report.noClassExamples.add(p.mutant().index() + ":" + Mutator.escape(OutputChecks.clip(model)));
                continue;
            }
            report.djlChecked++;
            try {
                long djl = DjlCount.count(c, variant);
                if (djl != expected) {
                    record(
                            p.mutant(),
                            p.dir(),
                            FailureClass.COUNT_MISMATCH,
                            model + "/" + variant + ": DJL " + djl + ", summary " + expected,
                            null);
                }
            } catch (Throwable t) {
                Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null
                        ? t.getCause()
                        : t;
                record(
                        p.mutant(),
                        p.dir(),
                        FailureClass.DJL_FAILED,
                        model + "/" + variant + ": " + Mutator.escape(OutputChecks.clip(String.valueOf(cause))),
                        null);
            }
        }
    }

    private void record(Mutant m, Path dir, FailureClass kind, String detail, Cli.Answer answer) {
        Finding f = new Finding(m.index(), kind, detail, m.seed() + ": " + m.mutations());
        boolean firstOfMutant = report.findings.stream().noneMatch(g -> g.mutant() == m.index());
        report.findings.add(f);
        report.counts.merge(kind, 1, Integer::sum);
        if (config.examples() == null) return;
        String name = kind.name().toLowerCase().replace('_', '-');
        if (report.firstExample.putIfAbsent(kind, f) == null)
            keepExample(m, dir, f, answer, config.examples().resolve(name));
        // Every failing mutant too (a bounded number), for whoever fixes the class.
        if (firstOfMutant && report.failedMutants() <= MAX_KEPT) {
            keepExample(
                    m,
                    dir,
                    f,
                    answer,
                    config.examples().resolve("all").resolve(String.format("m%06d-%s", m.index(), name)));
        }
    }

    /** examples/CLASS/: the mutant's spec folder (without generated output) and what happened. */
    private void keepExample(Mutant m, Path dir, Finding f, Cli.Answer answer, Path target) {
        try {
            deleteTree(target);
            m.writeTo(target.resolve("spec"));
            StringBuilder info = new StringBuilder();
            info.append("class: ").append(f.kind()).append('\n');
            info.append("mutant: ")
                    .append(m.index())
                    .append(" of seed ")
                    .append(config.seed())
                    .append('\n');
            info.append("from: ").append(m.seed()).append('\n');
            info.append("mutations: ").append(m.mutations()).append('\n');
            info.append("entry: spec/").append(m.entry()).append('\n');
            info.append("finding: ").append(f.detail()).append('\n');
            if (answer != null) {
                info.append("exit: ")
                        .append(answer.rc())
                        .append(", ")
                        .append(answer.millis())
                        .append(" ms")
                        .append(answer.timedOut() ? " (stopped)" : "")
                        .append('\n');
                info.append("output (escaped, first 4000 chars):\n")
                        .append(Mutator.escape(head(answer.text(), 4000)).replace("\\u000a", "\n"));
                if (answer.escaped() != null) info.append("\nescaped: ").append(answer.escaped());
            }
            Files.writeString(target.resolve("finding.txt"), info.append('\n').toString(), StandardCharsets.UTF_8);
            Path gen = dir.resolve("gen");
            if (Files.isDirectory(gen)
                    && (f.kind() == FailureClass.JAVAC_FAILED
                            || f.kind() == FailureClass.COUNT_MISMATCH
                            || f.kind() == FailureClass.DJL_FAILED)) {
                try (Stream<Path> s = Files.walk(gen)) {
                    for (Path p : s.filter(Files::isRegularFile).toList()) {
                        Path to = target.resolve("generated")
                                .resolve(gen.relativize(p).toString());
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String head(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }

    private static String firstLine(String s) {
        return Mutator.escape(OutputChecks.clip(s.lines().findFirst().orElse("")));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            // scratch space; the next run empties it
        }
    }

    /**
     * {@code FuzzRun COUNT SEED [FIRST]}; system properties {@code fuzz.root} (default {@code .}),
     * {@code fuzz.out} (default {@code target/fuzz}), {@code fuzz.differential} (default true),
     * {@code fuzz.timeout} (seconds per validate, default 5). Exit status 0 when no mutant failed.
     */
    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int first = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path root = Path.of(System.getProperty("fuzz.root", "."));
        Path out = Path.of(System.getProperty("fuzz.out", "target/fuzz"));
        Files.createDirectories(out);
        deleteTree(out.resolve("examples"));
        Config config = new Config(
                root,
                count,
                seed,
                first,
                out.resolve("work"),
                out.resolve("examples"),
                Boolean.parseBoolean(System.getProperty("fuzz.differential", "true")),
                Duration.ofSeconds(Long.getLong("fuzz.timeout", 5)),
                Duration.ofSeconds(Long.getLong("fuzz.commandTimeout", 30)),
                Long.getLong("fuzz.djlMaxParams", 5_000_000),
                Integer.getInteger("fuzz.batch", 25),
                System.err);
        Report report = run(config);
        String figures = report.figures(config);
        System.out.print(figures);
        System.out.println("examples: " + out.resolve("examples").toAbsolutePath());
        Files.writeString(out.resolve("figures.txt"), figures);
        StringBuilder all = new StringBuilder();
        for (Finding f : report.findings)
            all.append(f.mutant())
                    .append('\t')
                    .append(f.kind())
                    .append('\t')
                    .append(f.detail())
                    .append('\t')
                    .append(f.mutations())
                    .append('\n');
        Files.writeString(out.resolve("findings.tsv"), all.toString());
        System.exit(report.findings.isEmpty() ? 0 : 1);
    }
}
