package dev.vmodel.runtime.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.flow.LayerOutputs;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.PythonTwins;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.train.GeneratedModel;
import dev.vmodel.runtime.train.GeneratedModel.UsageException;
import dev.vmodel.runtime.train.io.SafeTensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmodel parity}: does the generated PyTorch twin compute what the DJL model computes?
 *
 * <p>The DJL model is initialised from the spec's initialisers, every trainable parameter then moved
 * by seeded noise (a zero-initialised head would make every logit 0), put in inference mode, and run on
 * a seeded normal input of batch {@code --batch}; the logits are contracted with a seeded random
 * tensor and differentiated, giving the input gradient. Weights (under their stable names), input,
 * logits, input gradient and every layer's output go to one safetensors file; the twin's {@code
 * vmodel_parity} module loads the weights into the twin, repeats the pass, and reports the largest
 * absolute and relative differences (relative to the largest DJL value) of the logits and the input
 * gradient, and the first layer, in forward order, whose output differs. fp32 throughout.
 *
 * <pre>
 * java -cp MODELS:RUNTIME dev.vmodel.runtime.parity.ParityCli --model GMlp --variant ti16 \
 *      --param depth=2 --python target/generated-sources/vmodel-python --module dev.vmodel.zoo.gmlp
 * </pre>
 *
 * <p>Exit status: 0 within tolerance (logits {@value #LOGITS_TOLERANCE}, gradient {@value
 * #GRADIENT_TOLERANCE} relative), 1 a difference beyond it, 2 bad usage or a failing Python side, 4
 * an internal failure.
 */
@Command(
        name = "vmodel parity",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Checks that a generated PyTorch twin computes what its DJL model computes.")
public final class ParityCli implements Callable<Integer> {

    /** Largest relative difference of the logits that passes. */
    public static final double LOGITS_TOLERANCE = 1e-5;

    /** Largest relative difference of the input gradient that passes. */
    public static final double GRADIENT_TOLERANCE = 1e-4;

    private static final String NAME = "vmodel parity";

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The spec name of the model.")
    String model;

    @Option(names = "--variant", paramLabel = "NAME", description = "A variant (default: the spec's defaults).")
    String variant;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Overrides a model param.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
            names = "--python",
            required = true,
            paramLabel = "DIR",
            description = "The folder the generated Python package is under (its root on sys.path).")
    Path python;

    @Option(
            names = "--module",
            paramLabel = "MODULE",
            description = "The generated Python module of the model's spec (default: from the model's"
                    + " package and spec file, e.g. dev.vmodel.zoo.gmlp).")
    String module;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 2;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and input (default: ${DEFAULT-VALUE}).")
    int seed = 1;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Where the exchange file goes (default: a temporary folder, deleted after).")
    Path work;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /**
     * Runs the check and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the check without {@code System.exit}.
     *
     * @param args the command line
     * @param out where the report goes
     * @param err where errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Engines.quietLogging();
        ParityCli cli = new ParityCli();
        cli.out = out;
        cli.err = err;
        return new CommandLine(cli)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println(NAME + ": " + e.getMessage());
                    return 2;
                })
                .setExecutionExceptionHandler((e, c, p) -> {
                    err.println(
                            NAME + ": " + (e instanceof UsageException ? "" : "internal failure: ") + e.getMessage());
                    if (System.getenv("VMODEL_DEBUG") != null) {
                        e.printStackTrace(err);
                    }
                    return e instanceof UsageException ? 2 : 4;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ModelFamily family;
        try {
            family = ModelFamilies.named(model, loader != null ? loader : ParityCli.class.getClassLoader());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        GeneratedModel gm = GeneratedModel.build(family, variant, batch, params);
        if (module == null) {
            module = PythonTwins.module(family);
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("vmodel-parity");
        Path exchange = dir.resolve("parity.safetensors");
        try {
            writeExchange(gm, exchange);
            JsonObject result = runTwin(exchange, gm);
            return report(gm, result);
        } finally {
            if (work == null) {
                Files.deleteIfExists(exchange);
                Files.deleteIfExists(dir);
            }
        }
    }

    /** Initialises the DJL model and writes weights, input, outputs and gradients. */
    private void writeExchange(GeneratedModel gm, Path file) throws IOException {
        SpecModel m = gm.model();
        Engines.engine();
        Engines.seed(seed);
        try (NDManager base = Engines.newBaseManager()) {
            m.initialize(base, DataType.FLOAT32, gm.inputShape());
            // The spec's initialisation, then every trainable parameter moved by N(0, 0.02^2): a
            // zero-initialised classifier (gMLP's, Mixer's) would otherwise make every logit 0 on
            // both sides and the comparison of logits and gradients say nothing.
            for (Parameter p : m.parametersByName().values()) {
                if (p.requiresGradient()) {
                    NDArray a = p.getArray();
                    a.addi(base.randomNormal(0f, 0.02f, a.getShape(), a.getDataType()));
                }
            }
            ParameterStore store = Engines.parameterStore(base);
            NDArray x = base.randomNormal(gm.inputShape());
            NDArray r = base.randomNormal(new Shape(gm.inputShape().get(0), m.classes()));
            x.setRequiresGradient(true);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            m.parametersByName().forEach((name, p) -> tensors.put("weight/" + name, p.getArray()));
            tensors.put("input", x.duplicate());
            tensors.put("contract", r);
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                LayerOutputs.Recorded<NDList> rec =
                        LayerOutputs.record(m, () -> m.forward(store, new NDList(x), false));
                NDArray logits = rec.result().singletonOrThrow();
                tensors.put("logits", logits.duplicate());
                rec.outputs().forEach((name, a) -> tensors.put("layer/" + name, a.duplicate()));
                gc.backward(logits.mul(r).sum());
            }
            tensors.put("input_grad", x.getGradient().duplicate());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "vmodel-parity-1");
            meta.put("model", gm.name());
            meta.put("variant", gm.variant());
            meta.put("params", new Gson().toJson(m.params()));
            SafeTensors.write(file, tensors, meta);
        }
    }

    /** Runs the twin's side, which prints one JSON object. */
    private JsonObject runTwin(Path exchange, GeneratedModel gm) throws Exception {
        String pkg = module.contains(".") ? module.substring(0, module.lastIndexOf('.')) : "";
        String script = pkg.isEmpty() ? "vmodel_parity" : pkg + ".vmodel_parity";
        List<String> cmd = new ArrayList<>(List.of(
                PythonTwins.python(),
                "-m",
                script,
                exchange.toAbsolutePath().toString(),
                "--model",
                module + ":" + gm.name()));
        Process p = new ProcessBuilder(cmd)
                .directory(python.toFile())
                .redirectErrorStream(false)
                .start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new UsageException("the twin's side did not finish in 10 minutes");
        }
        if (p.exitValue() != 0) {
            String last = stderr.strip().lines().reduce((a, b) -> b).orElse("(no output)");
            throw new UsageException("the twin's side failed (" + String.join(" ", cmd) + "): " + last);
        }
        try {
            return JsonParser.parseString(
                            stdout.strip().lines().reduce((a, b) -> b).orElse(""))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new UsageException("the twin's side printed no result: " + stdout.strip());
        }
    }

    private int report(GeneratedModel gm, JsonObject r) {
        double la = r.get("logits_abs").getAsDouble();
        double lr = r.get("logits_rel").getAsDouble();
        double ga = r.get("grad_abs").getAsDouble();
        double gr = r.get("grad_rel").getAsDouble();
        boolean ok = lr <= LOGITS_TOLERANCE && gr <= GRADIENT_TOLERANCE;
        out.printf(
                Locale.ROOT,
                "%s: logits max abs %.3g rel %.3g; input gradient max abs %.3g rel %.3g (%d layers compared) %s%n",
                gm.label(),
                la,
                lr,
                ga,
                gr,
                r.get("layers").getAsInt(),
                ok ? "PASS" : "FAIL");
        if (r.has("first_difference") && !r.get("first_difference").isJsonNull()) {
            out.println(
                    "  first layer that differs: " + r.get("first_difference").getAsString());
        }
        return ok ? 0 : 1;
    }
}
