package dev.vmodel.runtime.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmodel.runtime.CommandLines;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.train.GeneratedModel;
import dev.vmodel.runtime.train.GeneratedModel.UsageException;
import dev.vmodel.runtime.train.TrainLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How close a generated model's step could come to the matmul peak if it ran nothing but its
 * matrix products: the ceiling that the benchmark's "% of peak" is read against.
 *
 * <p>It records one step with libtorch's profiler (shapes on), takes every {@code aten::mm}, {@code
 * aten::bmm} and {@code aten::addmm} of it, forward and backward, and replays them on random
 * contiguous arrays of the same shapes, round after round alternating with the benchmark's own
 * matmul peak ({@link DjlRunner#matmulPeak}) and with real steps. Each round prints the step's
 * time, the products' time and both as a share of the peak, counted the benchmark's way (the spec's
 * static MACs, training = 3x forward) where the spec knows them, and the products' own rate.
 * Everything the step does besides those products (element-wise work, copies, the optimizer) is the
 * difference between the two times.
 *
 * <p>Exit status: 0 measured, 2 bad usage, 1 a failure while measuring.
 */
@Command(
        name = "ProductsCeiling",
        description = "The share of the matmul peak a model's step would reach running only its matrix products.",
        mixinStandardHelpOptions = true)
public final class ProductsCeiling implements Callable<Integer> {

    /** The profiler's names of the matrix products that carry a step's FLOPs on CPU. */
    static final List<String> PRODUCTS = List.of("aten::mm", "aten::bmm", "aten::addmm");

    @Option(names = "--model", required = true, description = "The spec model, e.g. GMlp.")
    String model;

    @Option(names = "--variant", required = true, description = "A declared variant.")
    String variant;

    @Option(names = "--param", description = "A param override NAME=VALUE; repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "16", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--mode", defaultValue = "train", description = "train or infer (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of peak, steps and products.")
    int rounds;

    @Option(names = "--steps", defaultValue = "3", description = "Timed steps per round; the median counts.")
    int steps;

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
     * @param out where the figures go
     * @param err where problems go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ProductsCeiling c = new ProductsCeiling();
        c.out = out;
        c.err = err;
        return CommandLines.execute("ProductsCeiling", c, args, out, err);
    }

    /**
     * One shape of matrix product and how often a step runs it.
     *
     * @param op the profiler's name, one of {@link #PRODUCTS}
     * @param left the left operand's shape ({@code [M, K]}, or {@code [B, M, K]} for {@code bmm})
     * @param right the right operand's shape ({@code [K, N]} or {@code [B, K, N]})
     * @param count how many times one step runs it
     */
    record Product(String op, Shape left, Shape right, int count) {

        /** FLOPs of one product: 2 x M x K x N, times the batch of a {@code bmm}. */
        double flop() {
            long m = left.get(left.dimension() - 2);
            long k = left.get(left.dimension() - 1);
            long n = right.get(right.dimension() - 1);
            long b = left.dimension() == 3 ? left.get(0) : 1;
            return 2.0 * b * m * k * n;
        }
    }

    @Override
    public Integer call() throws IOException {
        boolean train;
        GeneratedModel gm;
        OptionalLong macs;
        try {
            if (!mode.equals("train") && !mode.equals("infer")) {
                throw new UsageException("--mode must be train or infer, got '" + mode + "'");
            }
            if (batch < 1 || rounds < 1 || steps < 1) {
                throw new UsageException("--batch, --rounds and --steps must be positive");
            }
            train = mode.equals("train");
            Map<String, String> overrides = DjlRunner.overrides(params);
            gm = GeneratedModel.build(model, variant, batch, overrides, ModelFamilies.defaultLoader());
            macs = overrides.isEmpty()
                    ? ModelFamilies.named(model, ModelFamilies.defaultLoader()).macs(variant)
                    : OptionalLong.empty();
        } catch (UsageException e) {
            err.println("ProductsCeiling: " + e.getMessage());
            return CommandLines.USAGE;
        }
        // the benchmark's FLOPs of one step: forward = 2 x MACs per image, training = 3 x forward
        double stepFlop = macs.isPresent() ? 2.0 * macs.getAsLong() * batch * (train ? 3 : 1) : Double.NaN;
        try (TrainLoop loop = TrainLoop.builder(gm.model(), gm.inputShape(), gm.classes())
                        .build();
                NDManager manager = Engines.newBaseManager()) {
            Runnable step = train ? () -> loop.trainStep(false) : loop::inferStep;
            for (int i = 0; i < 3; i++) {
                step.run(); // warm-up: the first steps allocate and pick kernels
            }
            List<Product> products = profile(step, 1);
            double productFlop =
                    products.stream().mapToDouble(p -> p.flop() * p.count()).sum();
            int count = products.stream().mapToInt(Product::count).sum();
            String staticCount =
                    Double.isNaN(stepFlop) ? "not known with --param" : String.format("%.1f GFLOP", stepFlop / 1e9);
            out.printf(
                    "%s, batch %d, %s, %d intra-op threads: %d matrix products of %d shapes, %.1f GFLOP per step"
                            + " (the spec's static count: %s)%n",
                    gm.label(),
                    batch,
                    mode,
                    Engines.engineThreads("getNumThreads").orElse(-1),
                    count,
                    products.size(),
                    productFlop / 1e9,
                    staticCount);
            List<NDArray[]> operands = operands(manager, products);
            for (int r = 1; r <= rounds; r++) {
                double peak = peak();
                double stepS = medianSeconds(step, steps);
                double productsS = medianSeconds(() -> replay(manager, products, operands), steps);
                out.printf(
                        "round %d: peak %.1f GFLOP/s; step %.1f ms%s, products alone %.1f ms%s;"
                                + " the products' own rate %.1f GFLOP/s (%.1f%% of peak)%n",
                        r,
                        peak,
                        stepS * 1e3,
                        share(stepFlop, stepS, peak),
                        productsS * 1e3,
                        share(stepFlop, productsS, peak),
                        productFlop / productsS / 1e9,
                        100 * productFlop / productsS / 1e9 / peak);
            }
        }
        return 0;
    }

    /** " (N% of peak)", the benchmark's share for a step of {@code flop} in {@code seconds}; "" if unknown. */
    private static String share(double flop, double seconds, double peak) {
        return Double.isNaN(flop) ? "" : String.format(" (%.1f%% of peak)", 100 * flop / seconds / 1e9 / peak);
    }

    /**
     * The matrix products of a step, recorded by libtorch's profiler over {@code steps} steps.
     *
     * @param step one step
     * @param steps how many steps to record; the counts are per step
     * @return the products, one per operation and shape, in order of first appearance
     * @throws IOException when the profiler's trace cannot be written or read
     */
    static List<Product> profile(Runnable step, int steps) throws IOException {
        Path trace = Files.createTempFile("vmodel-products", ".json");
        try {
            profiler("startProfile", new Class<?>[] {boolean.class, boolean.class, boolean.class}, false, true, false);
            try {
                for (int i = 0; i < steps; i++) {
                    step.run();
                }
            } finally {
                profiler("stopProfile", new Class<?>[] {String.class}, trace.toString());
            }
            try (Reader in = Files.newBufferedReader(trace)) {
                return products(JsonParser.parseReader(in), steps);
            }
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /**
     * Calls libtorch's profiler through the PyTorch engine's {@code JniUtils}, by reflection: the
     * runtime compiles against DJL's api only (cuda off, shapes on, memory off to start; a trace
     * file to stop).
     */
    private static void profiler(String method, Class<?>[] types, Object... args) {
        try {
            Class.forName("ai.djl.pytorch.jni.JniUtils")
                    .getMethod(method, types)
                    .invoke(null, args);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("libtorch's profiler (" + method + ") failed: " + cause, cause);
        }
    }

    /**
     * The matrix products in a libtorch profiler trace: a JSON array of events (or an object whose
     * {@code traceEvents} is one), each with a {@code name} and the {@code shape} of every input.
     */
    static List<Product> products(JsonElement trace, int steps) {
        JsonArray events =
                trace.isJsonObject() ? trace.getAsJsonObject().getAsJsonArray("traceEvents") : trace.getAsJsonArray();
        Map<String, Product> found = new LinkedHashMap<>();
        for (JsonElement e : events) {
            JsonObject event = e.getAsJsonObject();
            String op = event.has("name") ? event.get("name").getAsString() : "";
            if (!PRODUCTS.contains(op) || !event.has("shape")) {
                continue;
            }
            JsonArray shapes = event.getAsJsonArray("shape");
            int first = op.equals("aten::addmm") ? 1 : 0; // addmm(bias, left, right, beta, alpha)
            Shape left = shape(shapes.get(first).getAsJsonArray());
            Shape right = shape(shapes.get(first + 1).getAsJsonArray());
            found.merge(
                    op + " " + left + " " + right,
                    new Product(op, left, right, 1),
                    (a, b) -> new Product(a.op(), a.left(), a.right(), a.count() + 1));
        }
        List<Product> perStep = new ArrayList<>();
        for (Product p : found.values()) {
            perStep.add(new Product(p.op(), p.left(), p.right(), Math.max(1, Math.round(p.count() / (float) steps))));
        }
        return perStep;
    }

    private static Shape shape(JsonArray dims) {
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i).getAsLong();
        }
        return new Shape(d);
    }

    private static List<NDArray[]> operands(NDManager manager, List<Product> products) {
        List<NDArray[]> operands = new ArrayList<>();
        for (Product p : products) {
            operands.add(
                    new NDArray[] {manager.randomUniform(-1f, 1f, p.left()), manager.randomUniform(-1f, 1f, p.right())
                    });
        }
        return operands;
    }

    /** Runs every product of one step on the given operands, each result freed at once. */
    static void replay(NDManager manager, List<Product> products, List<NDArray[]> operands) {
        for (int i = 0; i < products.size(); i++) {
            NDArray[] ab = operands.get(i);
            for (int c = 0; c < products.get(i).count(); c++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray result = ab[0].matMul(ab[1]);
                    result.attach(scope);
                }
            }
        }
    }

    private static double peak() {
        double best = 0;
        for (int n : BenchmarkCli.PEAK_SIZES) {
            best = Math.max(best, DjlRunner.matmulPeak(n));
        }
        return best;
    }

    private static double medianSeconds(Runnable work, int times) {
        double[] s = new double[times];
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            work.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return s[times / 2];
    }
}
