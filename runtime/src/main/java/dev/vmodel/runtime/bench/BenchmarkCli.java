package dev.vmodel.runtime.bench;

import com.google.gson.JsonObject;
import dev.vmodel.runtime.CommandLines;
import dev.vmodel.runtime.bench.report.BenchmarkReport;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.PythonTwins;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmodel benchmark}: training and inference throughput of the generated DJL models against
 * their PyTorch twins, measured side by side on this machine.
 *
 * <p>For each selected model, variant and batch size it starts the DJL runner ({@link DjlRunner})
 * and the twin's runner ({@code vmodel_bench}) one after the other, in processes of their own, the
 * stack that goes first alternating from case to case so that a drifting machine favours neither.
 * Both use the same threads, synthetic batch, steps and timing protocol; each measures the share of
 * the CPUs other processes used in each timed window. A stack whose windows were mostly busy with
 * other processes is measured again (up to {@code --repeats} runs); one that stays noisy is
 * flagged in the report, never silently reported. Each stack's fp32 matmul peak is measured in the
 * same run, at its start and at its end, and the higher counts. The report ({@code benchmark.json},
 * {@code benchmark.md}, {@code benchmark.png}) is rewritten after every case, so an interrupted run
 * keeps what it measured.
 *
 * <p>Without a selection it measures every generated model on the class path at its first declared
 * variant, batch 16, training and inference (for the seed zoo: gMLP-Ti/16, Mixer-S/16, CCT-7/3x1 and
 * CVT-7/4), with a shorter protocol; {@code --full} measures the small, base and large variants (all
 * declared variants when a model has none of those) at batch 16 and 64 with the full protocol.
 *
 * <p>Exit status: 0 every case measured, 1 some case failed (the others are reported), 2 bad usage.
 */
@Command(
        name = "vmodel benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Measures training and inference throughput of generated DJL models against their PyTorch"
                + " twins, alternately on this machine, and writes benchmark.json, benchmark.md and benchmark.png.")
public final class BenchmarkCli implements Callable<Integer> {

    /**
     * Matrix sizes of the matmul peak, whose best counts, so that one size hitting a slow path of a
     * BLAS does not set the peak. On the 2-core AMD EPYC (Zen 5, fp32 FMA ceiling about 410 GFLOP/s)
     * of this project's runs, MKL reaches 390-415 at both sizes once each is timed for {@link
     * DjlRunner#PEAK_SECONDS}; five products at each read 229-300 in some runs, which were the
     * machine's slow spells and not the sizes. OpenBLAS (the twin) reaches about 207 at 2048^3 and
     * 167 at 3072^3.
     */
    static final int[] PEAK_SIZES = {2048, 3072};

    /** How the terminal report names the peak: "best of 2048^3 and 3072^3". */
    static final String PEAK_LABEL =
            "best of " + Arrays.stream(PEAK_SIZES).mapToObj(n -> n + "^3").collect(Collectors.joining(" and "));

    @Option(names = "--model", split = ",", paramLabel = "NAME", description = "Models to measure (default: all).")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--variant",
            split = ",",
            paramLabel = "NAME",
            description = "Variants (default: each model's first; with --full: small, base, large).")
    List<String> variants = new ArrayList<>();

    @Option(names = "--batch", split = ",", paramLabel = "N", description = "Batch sizes (default: 16; --full: 16,64).")
    List<Integer> batches = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", description = "train, infer or both (default: ${DEFAULT-VALUE}).")
    String mode = "both";

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Overrides a model param in every case.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--full", description = "The whole grid: small/base/large at batch 16 and 64, full protocol.")
    boolean full;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Intra-op threads of both stacks (default: the machine's cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--repeats",
            paramLabel = "N",
            description = "Most runs of a noisy stack (default: ${DEFAULT-VALUE}).")
    int repeats = 2;

    @Option(names = "--warmup-s", paramLabel = "S", description = "Warm-up seconds (default: 4; --full: 5).")
    Double warmupS;

    @Option(names = "--windows", paramLabel = "N", description = "Timed windows (default: 5).")
    Integer windows;

    @Option(names = "--window-s", paramLabel = "S", description = "Seconds per window (default: 1.5; --full: 2).")
    Double windowS;

    @Option(
            names = "--quiet",
            paramLabel = "S",
            description = "Longest wait for a quiet machine (default: 10; --full: 60).")
    Double quietS;

    @Option(
            names = "--python-dir",
            paramLabel = "DIR",
            description = "The folder the generated Python package is under (default: ${DEFAULT-VALUE}).")
    Path twinRoot = Path.of("target", "generated-sources", "vmodel-python");

    @Option(names = "--no-twin", description = "Measure the DJL models only.")
    boolean noTwin;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("target", "vmodel");

    private final Map<String, Optional<String>> twinProblems = new HashMap<>();
    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;

    /**
     * Runs the benchmark and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The command without {@code System.exit}.
     *
     * @param args the command line
     * @param out where progress and the table go
     * @param err where problems go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchmarkCli cli = new BenchmarkCli();
        cli.stdout = out;
        cli.stderr = err;
        return CommandLines.execute("vmodel benchmark", cli, args, out, err);
    }

    @Override
    public Integer call() {
        List<Planned> plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            stderr.println("vmodel benchmark: " + e.getMessage());
            return 2;
        }
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String machine = machine();
        List<String> notes = new ArrayList<>();
        List<CaseResult> results = new ArrayList<>();
        // An empty report first: a folder that cannot take it fails now, not after minutes of measuring.
        if (!writeReport(new BenchmarkRun(started, machine, threads, Double.NaN, Double.NaN, results, notes))) {
            return 2;
        }
        Runners runners =
                new Runners(threads, protocol(), PythonTwins.python(), noTwin ? null : twinRoot.toAbsolutePath());
        String pkg = plan.get(0).family().getClass().getPackageName();
        String twinProblem = noTwin ? "--no-twin given" : twinProblem(runners, plan.get(0));
        boolean twin = twinProblem == null;
        if (!twin) {
            notes.add("PyTorch twin not run: " + twinProblem);
            stderr.println("vmodel benchmark: warning: " + notes.get(0));
        }
        long cases = plan.size() * (mode.equals("both") ? 2L : 1L);
        stdout.printf(
                Locale.ROOT,
                "benchmark: %d case%s (%s), %d thread%s, %s; report in %s%n",
                cases,
                cases == 1 ? "" : "s",
                full ? "full grid" : "quick",
                threads,
                threads == 1 ? "" : "s",
                twin ? "generated DJL vs PyTorch twin, alternating" : "generated DJL only",
                out);
        double vPeak = peak(runners, Measurement.VMODEL, "start", pkg, notes);
        double tPeak = twin ? peak(runners, Measurement.PYTORCH, "start", pkg, notes) : Double.NaN;
        stdout.printf(
                Locale.ROOT, "matmul peak (%s fp32): vmodel %.0f GFLOP/s, PyTorch %s%n", PEAK_LABEL, vPeak, gf(tPeak));
        if (tPeak < vPeak / 4) {
            notes.add(String.format(
                    Locale.ROOT,
                    "PyTorch's matmul peak (%.0f GFLOP/s) is under a quarter of DJL's:"
                            + " its BLAS may be the reference one (on Debian: apt-get install libopenblas0-openmp)",
                    tPeak));
            stderr.println("vmodel benchmark: warning: " + notes.get(notes.size() - 1));
        }
        boolean failed = false;
        long t0 = System.nanoTime();
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            stdout.printf(
                    Locale.ROOT,
                    "[%d/%d] %s b%d%s%n",
                    i + 1,
                    plan.size(),
                    p.family().name() + " " + p.variant(),
                    p.batch(),
                    eta(t0, i, plan.size()));
            failed |= !measure(runners, p, twin, i % 2 == 1, results);
            if (!writeReport(new BenchmarkRun(started, machine, threads, vPeak, tPeak, results, notes))) {
                return 1;
            }
        }
        // Again at the end: other work during either measurement only lowers a peak, so the
        // higher of the two is the one the shares are read against.
        double vPeakEnd = peak(runners, Measurement.VMODEL, "end", pkg, notes);
        double tPeakEnd = twin ? peak(runners, Measurement.PYTORCH, "end", pkg, notes) : Double.NaN;
        stdout.printf(
                Locale.ROOT,
                "matmul peak at the end: vmodel %s, PyTorch %s; shares use the higher of each%n",
                gf(vPeakEnd),
                gf(tPeakEnd));
        vPeak = higherPeak("vmodel", vPeak, vPeakEnd, notes);
        tPeak = higherPeak("PyTorch", tPeak, tPeakEnd, notes);
        BenchmarkRun run = new BenchmarkRun(started, machine, threads, vPeak, tPeak, results, notes);
        // The files again, with the peaks the shares are read against and any note on them.
        if (!writeReport(run)) {
            return 1;
        }
        stdout.println();
        stdout.print(BenchmarkReport.terminalTable(run));
        stdout.printf(
                "report: %s, %s, %s%n",
                out.resolve("benchmark.json"), out.resolve("benchmark.md"), out.resolve("benchmark.png"));
        return failed ? 1 : 0;
    }

    private boolean writeReport(BenchmarkRun run) {
        try {
            BenchmarkReport.write(run, out);
            return true;
        } catch (IOException | RuntimeException e) {
            stderr.println("vmodel benchmark: cannot write the report in " + out + ": " + e.getMessage());
            return false;
        }
    }

    /** A model variant at a batch size, with every mode asked for: one process per stack. */
    record Planned(ModelFamily family, String variant, int batch) {}

    private List<Planned> plan() {
        if (!List.of("train", "infer", "both").contains(mode)) {
            throw new IllegalArgumentException("--mode must be train, infer or both, got '" + mode + "'");
        }
        if (threads < 1 || repeats < 1) {
            throw new IllegalArgumentException("--threads and --repeats must be at least 1");
        }
        for (Double d : new Double[] {warmupS, windowS, quietS}) {
            if (d != null && !(d >= 0 && Double.isFinite(d))) {
                throw new IllegalArgumentException("--warmup-s, --window-s and --quiet take seconds >= 0, got " + d);
            }
        }
        if (windows != null && windows < 1) {
            throw new IllegalArgumentException("--windows must be at least 1, got " + windows);
        }
        List<Integer> bs = batches.isEmpty() ? (full ? List.of(16, 64) : List.of(16)) : batches;
        for (int b : bs) {
            if (b < 1) {
                throw new IllegalArgumentException("--batch takes positive sizes, got " + b);
            }
        }
        List<ModelFamily> all = ModelFamilies.all(ModelFamilies.defaultLoader());
        if (all.isEmpty()) {
            throw new IllegalArgumentException(
                    "no generated model on the class path: generate some with vmodel:generate first");
        }
        List<ModelFamily> chosen = new ArrayList<>();
        if (models.isEmpty()) {
            chosen.addAll(all);
        } else {
            for (String m : models) {
                chosen.add(ModelFamilies.named(m, ModelFamilies.defaultLoader()));
            }
        }
        List<Planned> plan = new ArrayList<>();
        for (ModelFamily f : chosen) {
            for (String v : variantsOf(f)) {
                for (int b : bs) {
                    plan.add(new Planned(f, v, b));
                }
            }
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("no selected model declares variant " + String.join(", ", variants));
        }
        return plan;
    }

    private List<String> variantsOf(ModelFamily f) {
        if (f.variants().isEmpty()) {
            throw new IllegalArgumentException(
                    "model " + f.name() + " (" + f.source() + ") declares no variant to measure");
        }
        if (!variants.isEmpty()) {
            List<String> unknown =
                    variants.stream().filter(v -> !f.variants().contains(v)).toList();
            if (models.isEmpty() || unknown.isEmpty()) {
                return variants.stream().filter(f.variants()::contains).toList();
            }
            throw new IllegalArgumentException("model " + f.name() + " has no variant " + String.join(", ", unknown)
                    + "; it declares " + String.join(", ", f.variants()));
        }
        if (full) {
            List<String> sizes = Stream.of("small", "base", "large")
                    .filter(f.variants()::contains)
                    .toList();
            return sizes.isEmpty() ? f.variants() : sizes;
        }
        return List.of(f.variants().get(0));
    }

    /** The timing options of both runners: the quick default, the full protocol, or as given. */
    private List<String> protocol() {
        List<String> p = new ArrayList<>();
        p.addAll(List.of("--warmup-s", num(warmupS, full ? 5 : 4)));
        p.addAll(List.of("--windows", "" + (windows != null ? windows : 5)));
        p.addAll(List.of("--window-s", num(windowS, full ? 2 : 1.5)));
        p.addAll(List.of("--quiet", num(quietS, full ? 60 : 10)));
        return p;
    }

    /**
     * Measures one planned variant and batch in every mode asked for, both stacks, alternating
     * which goes first; a noisy stack is measured again up to {@code --repeats} runs.
     *
     * @return false when a runner failed
     */
    private boolean measure(Runners runners, Planned p, boolean twin, boolean twinFirst, List<CaseResult> results) {
        List<String> modes = mode.equals("both") ? List.of("train", "infer") : List.of(mode);
        Map<String, List<Measurement>> ours = new LinkedHashMap<>();
        Map<String, List<Measurement>> theirs = new LinkedHashMap<>();
        modes.forEach(m -> {
            ours.put(m, new ArrayList<>());
            theirs.put(m, new ArrayList<>());
        });
        List<String> problems = new ArrayList<>();
        BenchCase both = new BenchCase(p.family().name(), p.variant(), params, p.batch(), mode);
        for (int run = 0; run < repeats; run++) {
            List<String> stacks = new ArrayList<>(List.of(Measurement.VMODEL, Measurement.PYTORCH));
            if (twinFirst) {
                Collections.reverse(stacks);
            }
            for (String stack : stacks) {
                boolean isTwin = stack.equals(Measurement.PYTORCH);
                if (isTwin && (!twin || twinProblem(runners, p) != null)) {
                    continue;
                }
                Map<String, List<Measurement>> into = isTwin ? theirs : ours;
                if (run > 0 && into.values().stream().noneMatch(CaseResult::noisy)) {
                    continue; // clean already
                }
                Runners.Outcome o = isTwin ? runners.twin(p.family(), both) : runners.djl(both);
                for (JsonObject line : o.lines()) {
                    String m = line.get("mode").getAsString();
                    if (into.containsKey(m)) {
                        try {
                            into.get(m).add(MeasurementJson.measurement(line));
                        } catch (IllegalArgumentException e) {
                            problems.add(stack + ": " + e.getMessage());
                        }
                    }
                }
                if (!o.ok()) {
                    problems.add(stack + ": " + o.problem());
                    stderr.printf(
                            "vmodel benchmark: %s %s b%d: %s failed: %s%n",
                            p.family().name(), p.variant(), p.batch(), stack, o.problem());
                }
                for (String m : modes) {
                    List<Measurement> got = into.get(m);
                    if (!got.isEmpty() && !o.lines().isEmpty()) {
                        Measurement last = got.get(got.size() - 1);
                        stdout.printf(
                                Locale.ROOT,
                                "      %-7s %-5s %9.2f img/s  p50 %8.1f ms  p95 %8.1f ms  rss %6.0f MiB%s%n",
                                stack,
                                m,
                                last.imgPerS(),
                                last.stepMsP50(),
                                last.stepMsP95(),
                                last.rssPeakMb(),
                                last.clean()
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                "  (noisy: %d/%d windows clean)",
                                                last.cleanWindows(),
                                                last.windows().size()));
                    }
                }
            }
            boolean anyNoisy = Stream.concat(ours.values().stream(), theirs.values().stream())
                    .anyMatch(CaseResult::noisy);
            if (!anyNoisy || !problems.isEmpty()) {
                break;
            }
        }
        long macs = p.family().macs(p.variant()).orElse(-1);
        double gflop = macs < 0 || !params.isEmpty() ? Double.NaN : 2.0 * macs / 1e9;
        for (String m : modes) {
            List<String> notes = new ArrayList<>(problems);
            if (CaseResult.noisy(ours.get(m)) || CaseResult.noisy(theirs.get(m))) {
                notes.add("other processes used >= 10% of the CPUs in most windows of every run");
            }
            results.add(new CaseResult(
                    new BenchCase(p.family().name(), p.variant(), params, p.batch(), m),
                    gflop,
                    ours.get(m),
                    theirs.get(m),
                    String.join("; ", notes)));
        }
        return problems.isEmpty();
    }

    /** Why the twin of a model's package cannot run (null when it can), asked once per package. */
    private String twinProblem(Runners runners, Planned p) {
        String pkg = p.family().getClass().getPackageName();
        return twinProblems
                .computeIfAbsent(
                        pkg, k -> Optional.ofNullable(runners.twinProblem(twinRoot.resolve(k.replace('.', '/')))))
                .orElse(null);
    }

    /**
     * A stack's matmul peak: the best over {@link #PEAK_SIZES}.
     *
     * @param when "start" or "end" of the run, for the note when the peak cannot be measured
     */
    private double peak(Runners runners, String stack, String when, String pkg, List<String> notes) {
        double best = Double.NaN;
        for (int n : PEAK_SIZES) {
            Runners.Outcome o = runners.peak(stack, n, pkg);
            if (!o.ok() || o.lines().isEmpty()) {
                notes.add(stack + " matmul peak (" + n + "^3) at the " + when + " not measured: " + o.problem());
                continue;
            }
            double gflops = MeasurementJson.number(o.lines().get(0), "gflops");
            best = Double.isNaN(best) ? gflops : Math.max(best, gflops);
        }
        return best;
    }

    /**
     * The higher of a stack's matmul peaks measured at the start and at the end of a run (NaN when
     * neither was measured), with a note when they differ by more than 15%: the machine was busy
     * during one of them.
     */
    static double higherPeak(String stack, double start, double end, List<String> notes) {
        if (Double.isNaN(start) || Double.isNaN(end)) {
            return Double.isNaN(start) ? end : start;
        }
        double high = Math.max(start, end);
        if (Math.min(start, end) < 0.85 * high) {
            notes.add(String.format(
                    Locale.ROOT,
                    "%s matmul peak %.0f GFLOP/s at the start, %.0f at the end: the machine was busy during one;"
                            + " shares of the peak use %.0f",
                    stack,
                    start,
                    end,
                    high));
        }
        return high;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(cpu);
        } catch (IOException | java.io.UncheckedIOException e) {
            // not Linux: the core count still says something
        }
        int n = Runtime.getRuntime().availableProcessors();
        return cpu + ", " + n + " core" + (n == 1 ? "" : "s");
    }

    private static String eta(long t0, int done, int total) {
        if (done == 0) {
            return "";
        }
        double perCase = (System.nanoTime() - t0) / 1e9 / done;
        long left = Math.round(perCase * (total - done));
        return String.format(Locale.ROOT, "  (about %d:%02d left)", left / 60, left % 60);
    }

    private static String num(Double given, double dflt) {
        return String.valueOf(given != null ? given : dflt);
    }

    private static String gf(double g) {
        return Double.isNaN(g) ? "not measured" : String.format(Locale.ROOT, "%.0f GFLOP/s", g);
    }
}
