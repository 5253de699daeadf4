package dev.vmodel.runtime.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.CommandLines;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.MklDispatch;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.train.GeneratedModel;
import dev.vmodel.runtime.train.GeneratedModel.UsageException;
import dev.vmodel.runtime.train.Throughput;
import dev.vmodel.runtime.train.TrainLoop;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures one benchmark case on the generated DJL model, in a JVM of its own so that its memory
 * figures are its own: the DJL half of {@code vmodel:benchmark}, started by {@link BenchmarkCli}
 * alternately with the twin's {@code vmodel_bench}. It prints one {@link MeasurementJson} line per
 * mode on standard output; problems go to standard error as one line.
 *
 * <p>The steps are {@link TrainLoop}'s: a fixed seeded batch; training is forward, softmax
 * cross-entropy, backward and DJL's AdamW (lr 1e-3, weight decay 0.01), every array of a step in a
 * sub-manager closed after it; inference is a forward pass without gradients. The timing protocol is
 * {@link Throughput}'s, the same as the twin's.
 *
 * <p>Exit status: 0 measured, 2 bad usage (an unknown model, variant or param), 1 a failure while
 * measuring.
 */
@Command(
        name = "DjlRunner",
        description = "Measures one benchmark case on a generated DJL model and prints JSON lines.",
        mixinStandardHelpOptions = true)
public final class DjlRunner implements Callable<Integer> {

    @Option(names = "--model", description = "The spec model, e.g. GMlp.")
    String model;

    @Option(names = "--variant", description = "A declared variant.")
    String variant;

    @Option(names = "--param", description = "A param override NAME=VALUE; repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "16", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--mode", defaultValue = "both", description = "train, infer or both (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--matmul", description = "Measure the fp32 matmul peak of N x N matrices instead of a model.")
    Integer matmul;

    @Option(names = "--seed", defaultValue = "42", description = "Initialisation and batch seed.")
    int seed;

    @Option(names = "--warmup", defaultValue = "3", description = "Minimum warm-up steps.")
    int warmup;

    @Option(names = "--warmup-s", defaultValue = "5", description = "Minimum warm-up seconds.")
    double warmupS;

    @Option(names = "--windows", defaultValue = "5", description = "Timed windows.")
    int windows;

    @Option(names = "--window-s", defaultValue = "2", description = "Seconds per window.")
    double windowS;

    @Option(names = "--steps", defaultValue = "0", description = "Steps per window (0: fill --window-s).")
    int steps;

    @Option(names = "--quiet", defaultValue = "60", description = "Longest wait for a quiet machine, s.")
    double quietS;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /**
     * Runs the command and exits with its status.
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
     * @param out where the JSON lines go
     * @param err where problems go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        DjlRunner r = new DjlRunner();
        r.out = out;
        r.err = err;
        return CommandLines.execute("DjlRunner", r, args, out, err);
    }

    @Override
    public Integer call() {
        try {
            check();
        } catch (UsageException e) {
            err.println("DjlRunner: " + e.getMessage());
            return 2;
        }
        try {
            if (matmul != null) {
                out.println(MeasurementJson.peakLine(
                        Measurement.VMODEL, engineName(), threads(), matmul, matmulPeak(matmul)));
                return 0;
            }
            return measureModel();
        } catch (UsageException e) {
            err.println("DjlRunner: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("DjlRunner: interrupted");
            return 1;
        } catch (RuntimeException | Error e) {
            String m = e.getMessage();
            err.println("DjlRunner: " + (model == null ? "matmul" : model + " " + variant) + " failed: "
                    + e.getClass().getSimpleName()
                    + (m == null ? "" : ": " + m.lines().findFirst().orElse("")));
            return 1;
        }
    }

    private void check() throws UsageException {
        if (matmul != null) {
            if (matmul < 1) {
                throw new UsageException("--matmul must be positive, got " + matmul);
            }
            return;
        }
        if (model == null) {
            throw new UsageException("give --model (or --matmul N)");
        }
        if (!List.of("train", "infer", "both").contains(mode)) {
            throw new UsageException("--mode must be train, infer or both, got '" + mode + "'");
        }
        if (batch < 1 || windows < 1 || warmup < 0 || steps < 0) {
            throw new UsageException("--batch and --windows must be positive, --warmup and --steps not negative");
        }
        if (!(warmupS >= 0 && windowS > 0 && quietS >= 0)) {
            throw new UsageException("--warmup-s and --quiet must not be negative, --window-s must be positive");
        }
    }

    private int measureModel() throws UsageException, InterruptedException {
        GeneratedModel gm =
                GeneratedModel.build(model, variant, batch, overrides(params), ModelFamilies.defaultLoader());
        Throughput protocol = new Throughput(warmup, warmupS, windows, steps, windowS, quietS);
        PrintStream quietOut = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (TrainLoop loop = TrainLoop.builder(gm.model(), gm.inputShape(), gm.classes())
                .seed(seed)
                .build()) {
            if (!mode.equals("infer")) {
                float first = loop.trainStep(true);
                Throughput.Windows w = protocol.measure(() -> loop.trainStep(false), batch, quietOut);
                float last = loop.trainStep(true);
                out.println(MeasurementJson.line(measurement(loop, w, first, last), "train"));
                out.flush();
            }
            if (!mode.equals("train")) {
                Throughput.Windows w = protocol.measure(loop::inferStep, batch, quietOut);
                out.println(MeasurementJson.line(measurement(loop, w, Float.NaN, Float.NaN), "infer"));
                out.flush();
            }
        }
        return 0;
    }

    /**
     * The {@code --param NAME=VALUE} options as overrides, in order.
     *
     * @throws UsageException for an option without a name and {@code =}
     */
    static Map<String, String> overrides(List<String> params) throws UsageException {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--param takes NAME=VALUE, got '" + p + "'");
            }
            overrides.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return overrides;
    }

    private Measurement measurement(TrainLoop loop, Throughput.Windows w, float first, float last) {
        Runtime rt = Runtime.getRuntime();
        double heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
        return new Measurement(
                Measurement.VMODEL,
                engineName(),
                threads(),
                loop.parameterCount(),
                w.median(),
                boxed(w.rates()),
                boxed(w.foreign()),
                w.stepPercentile(50),
                w.stepPercentile(95),
                w.stepMs().length,
                // VmHWM and VmRSS come from memory counters the kernel updates lazily, so a peak read
                // later can be below a resident size sampled earlier; the peak is at least every sample.
                Math.max(Throughput.peakRssMb(), Math.max(w.rssMb(), w.rssStartMb())),
                w.rssStartMb(),
                w.rssMb(),
                heapMb,
                first,
                last);
    }

    /**
     * Seconds of timed products that {@link #matmulPeak} runs at least. A virtual machine's cores
     * do not run at one speed: on the 2-core AMD EPYC (Zen 5) of this project's runs each core
     * multiplied at either about 125 or about 200 GFLOP/s, switching every second or so, with no
     * other process running and no steal time (single-threaded 2048^3, pinned to one core), so
     * both cores together at 260-300 or about 400. Five products (a quarter of a second to a
     * second) often fell within one slow spell: in 11 runs of 2048^3 to 4096^3 the peak read
     * 257-319 ten times. Timed for two seconds it read 387-416 in 6 runs of 6.
     */
    static final double PEAK_SECONDS = 2;

    /** Timed products that {@link #matmulPeak} runs at least, however fast they are. */
    static final int PEAK_REPS = 5;

    /**
     * The best of fp32 matmuls of two random N x N matrices, after one warm-up, timed for {@link
     * #PEAK_SECONDS} and at least {@link #PEAK_REPS} times: the engine's peak that the model figures
     * are read against.
     */
    static double matmulPeak(int n) {
        Engines.engine();
        try (NDManager m = Engines.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            long start = System.nanoTime();
            for (int i = 0; i < PEAK_REPS || System.nanoTime() - start < PEAK_SECONDS * 1e9; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // wait for the result
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    private static String engineName() {
        Engine e = Engines.engine();
        return e.getEngineName() + " " + e.getVersion() + " (DJL " + Engine.getDjlVersion()
                + (MklDispatch.loaded() ? ", oneMKL kernels by CPU features" : "") + ")";
    }

    /** The intra-op threads the engine runs with (the engine is a runtime dependency: by reflection). */
    private static int threads() {
        return Engines.engineThreads("getNumThreads")
                .orElse(Integer.getInteger(
                        "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
