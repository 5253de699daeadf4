package dev.vmodel.runtime.train;

import ai.djl.engine.Engine;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.train.GeneratedModel.UsageException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Training and inference throughput of a generated model, with the protocol and output format of
 * the shared hand-written DJL baseline ({@code shared/bench/djl}, {@code Bench.java} train and infer
 * modes), so that the figures compare directly: the same step (per-step sub-manager closed after
 * {@code trainer.step()}, AdamW lr 1e-3 wd 0.01, softmax cross-entropy, fixed synthetic batch), the
 * same warm-up, windows, foreign-CPU accounting and median of clean windows (see {@link
 * Throughput}).
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp ... \
 *     dev.vmodel.runtime.train.TrainBenchmark MODEL VARIANT [--batch 16] [--mode train|infer|both]
 *     [--warmup 3] [--warmup-s 5] [--windows 5] [--steps 0] [--window-s 2] [--quiet 60]
 *     [--breakdown N] [--fwd-gflop G] [--seed S] [PARAM=VALUE ...]
 * </pre>
 *
 * <p>Prints, as Bench.java does: a header, {@code windows (K steps) img/s: r(fF) ... rss_mb=M},
 * {@code RESULT stack=vmodel mode=train|infer ... img_s=... clean=c/n max=... foreign=...}, and for
 * training {@code LOSS stack=vmodel first=... last=...}; with {@code --breakdown N} also {@code
 * BREAKDOWN stack=vmodel fwd_ms=... bwd_ms=... step_ms=... close_ms=...}. {@code --fwd-gflop}
 * (forward GFLOP per image, e.g. 2 x the MACs of {@code vmodel-cli summary}) adds {@code gflops=}.
 * Exit status 0, 2 on bad usage, 1 on failure.
 */
public final class TrainBenchmark {

    static final String USAGE =
            "usage: TrainBenchmark <model, e.g. GMlp> <variant> [--batch 16] [--mode train|infer|both]"
                    + " [--warmup 3] [--warmup-s 5] [--windows 5] [--steps 0] [--window-s 2]"
                    + " [--quiet 60] [--breakdown N] [--fwd-gflop G] [--seed S] [param=value ...]";

    private static final Set<String> OPTIONS = Set.of(
            "batch",
            "mode",
            "warmup",
            "warmup-s",
            "windows",
            "steps",
            "window-s",
            "quiet",
            "breakdown",
            "fwd-gflop",
            "seed");

    private TrainBenchmark() {}

    /**
     * Runs {@link #run} and exits with its status.
     *
     * @param args the command line
     * @throws InterruptedException if interrupted while waiting for a quiet machine
     */
    public static void main(String[] args) throws InterruptedException {
        int rc = run(args, System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }

    /**
     * The command without {@code System.exit}.
     *
     * @param args the command line
     * @param out where results go
     * @param err where errors go
     * @return the exit status: 0 success, 1 failure, 2 bad usage
     * @throws InterruptedException if interrupted while waiting for a quiet machine
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Map<String, String> o = new HashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        int batch;
        String mode;
        Throughput protocol;
        int breakdown;
        double gflop;
        int seed;
        try {
            if (args.length < 2) {
                throw new UsageException("need a model and a variant");
            }
            for (int i = 2; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--")) {
                    String k = a.substring(2);
                    if (!OPTIONS.contains(k)) {
                        throw new UsageException("unknown option '" + a + "'");
                    }
                    if (i + 1 >= args.length) {
                        throw new UsageException("option '" + a + "' needs a value");
                    }
                    o.put(k, args[++i]);
                } else if (a.indexOf('=') > 0) {
                    int eq = a.indexOf('=');
                    overrides.put(a.substring(0, eq), a.substring(eq + 1));
                } else {
                    throw new UsageException("unexpected argument '" + a + "'");
                }
            }
            batch = (int) QuickTrain.positiveInt(o.getOrDefault("batch", "16"), "--batch");
            mode = o.getOrDefault("mode", "both");
            if (!Set.of("train", "infer", "both").contains(mode)) {
                throw new UsageException("--mode must be train, infer or both, got '" + mode + "'");
            }
            Throughput d = Throughput.DEFAULT;
            protocol = new Throughput(
                    nonNegativeInt(o, "warmup", d.warmup()),
                    number(o, "warmup-s", d.warmupS()),
                    (int) QuickTrain.positiveInt(o.getOrDefault("windows", "" + d.windows()), "--windows"),
                    nonNegativeInt(o, "steps", d.steps()),
                    number(o, "window-s", d.windowS()),
                    number(o, "quiet", d.quietS()));
            breakdown = nonNegativeInt(o, "breakdown", 0);
            gflop = number(o, "fwd-gflop", Double.NaN);
            seed = nonNegativeInt(o, "seed", TrainLoop.DEFAULT_SEED);
        } catch (UsageException e) {
            err.println("TrainBenchmark: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        GeneratedModel gm;
        try {
            gm = GeneratedModel.build(args[0], args[1], batch, overrides, ModelFamilies.defaultLoader());
        } catch (UsageException e) {
            err.println("TrainBenchmark: " + e.getMessage());
            return 2;
        }
        try {
            benchmark(gm, batch, mode, protocol, breakdown, gflop, seed, out);
            return 0;
        } catch (RuntimeException | Error e) {
            String m = e.getMessage();
            err.println(
                    "TrainBenchmark: " + gm.label() + " failed: " + e.getClass().getSimpleName()
                            + (m == null ? "" : ": " + m.lines().findFirst().orElse("")));
            return 1;
        }
    }

    private static void benchmark(
            GeneratedModel gm,
            int batch,
            String mode,
            Throughput protocol,
            int breakdown,
            double gflop,
            int seed,
            PrintStream out)
            throws InterruptedException {
        Engine engine = Engines.engine();
        out.printf(
                "djl %s engine %s %s intra-op threads=%s interop=%s%n",
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                threads("getNumThreads", "ai.djl.pytorch.num_threads"),
                threads("getNumInteropThreads", "ai.djl.pytorch.num_interop_threads"));
        String cfg = String.format(
                "model=%s variant=%s%s input=%s batch=%d classes=%d",
                gm.name(),
                gm.variant(),
                gm.overrides().isEmpty() ? "" : " " + gm.overrides(),
                gm.inputShape().toString().replace(" ", ""),
                batch,
                gm.classes());
        try (TrainLoop loop = TrainLoop.builder(gm.model(), gm.inputShape(), gm.classes())
                .seed(seed)
                .build()) {
            long params = loop.parameterCount();
            out.printf(
                    "%s params=%d fwd_gflop_per_img=%s%n",
                    cfg, params, Double.isNaN(gflop) ? "NA" : String.format("%.3f", gflop));
            if (mode.equals("train") || mode.equals("both")) {
                float first = loop.trainStep(true);
                Throughput.Windows w = protocol.measure(() -> loop.trainStep(false), batch, out);
                out.printf(
                        "RESULT stack=vmodel mode=train %s params=%d %s%s%n",
                        cfg, params, w.summary(), gflops(3 * gflop * w.median()));
                // on a fixed batch the loss must fall (the model memorises it)
                float last = loop.trainStep(true);
                out.printf("LOSS stack=vmodel first=%.4f last=%.4f%n", first, last);
                if (breakdown > 0) {
                    double[] tot = new double[4];
                    for (int i = 0; i < breakdown; i++) {
                        long[] t = loop.trainStepPhases();
                        for (int k = 0; k < 4; k++) {
                            tot[k] += t[k] / 1e6 / breakdown;
                        }
                    }
                    out.printf(
                            "BREAKDOWN stack=vmodel fwd_ms=%.1f bwd_ms=%.1f step_ms=%.1f" + " close_ms=%.1f%n",
                            tot[0], tot[1], tot[2], tot[3]);
                }
            }
            if (mode.equals("infer") || mode.equals("both")) {
                Throughput.Windows w = protocol.measure(loop::inferStep, batch, out);
                out.printf(
                        "RESULT stack=vmodel mode=infer %s params=%d %s%s%n",
                        cfg, params, w.summary(), gflops(gflop * w.median()));
            }
        }
    }

    private static String gflops(double g) {
        return Double.isNaN(g) ? "" : String.format(" gflops=%.1f", g);
    }

    /** The PyTorch engine's thread count (the engine is a runtime dependency: by reflection). */
    private static String threads(String method, String property) {
        java.util.OptionalInt n = Engines.engineThreads(method);
        return n.isPresent() ? String.valueOf(n.getAsInt()) : System.getProperty(property, "default");
    }

    private static int nonNegativeInt(Map<String, String> o, String key, int dflt) throws UsageException {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new UsageException("--" + key + " must not be negative, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("bad number '" + v + "' for --" + key + " (expects an integer)");
        }
    }

    private static double number(Map<String, String> o, String key, double dflt) throws UsageException {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new UsageException("--" + key + " must be a non-negative number, got " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("bad number '" + v + "' for --" + key);
        }
    }
}
