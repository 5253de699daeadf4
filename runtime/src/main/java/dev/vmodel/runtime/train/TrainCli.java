package dev.vmodel.runtime.train;

import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.data.DataFormat;
import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.train.report.EpochMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The trainer's command line, behind every generated {@code <Model>Training.main} and {@code mvn
 * vmodel:train} (which runs it in a forked JVM). Parsing is picocli's; the work is {@link
 * Training}'s.
 *
 * <pre>
 * java -cp RUNTIME_AND_MODELS dev.vmodel.runtime.train.TrainCli --model Cct --variant cct_7_3x1 \
 *      --data data/cifar-10-batches-bin --set epochs=30 --output runs/cct
 * java -cp ... dev.vmodel.zoo.CctTraining --variant cct_7_3x1 --data ...      (the same, model fixed)
 * </pre>
 *
 * <p>Exit status: 0 done; 2 bad usage or bad input (one line on standard error); 3 the loss became
 * NaN or infinite; 130 stopped by Ctrl-C or SIGTERM after writing a checkpoint; 1 an internal
 * failure (its trace with {@code VMODEL_DEBUG=1}).
 */
public final class TrainCli {

    private static final String NAME = "vmodel train";

    private TrainCli() {}

    /**
     * Runs the command for the model named by {@code --model} and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status = run(null, args);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the command for {@code family} (or the model named by {@code --model} when null), printing
     * to the standard streams.
     *
     * @param family the model to train, or null
     * @param args the command line
     * @return the exit status
     */
    public static int run(ModelFamily family, String... args) {
        return run(family, args, System.out, System.err);
    }

    /**
     * Runs the command without {@code System.exit}.
     *
     * @param family the model to train, or null to take {@code --model}
     * @param args the command line
     * @param out where epochs and results go
     * @param err where progress, notes and errors go
     * @return the exit status
     */
    public static int run(ModelFamily family, String[] args, PrintStream out, PrintStream err) {
        Options o = new Options(family, out, err);
        CommandLine cl = new CommandLine(o)
                .setCommandName(family == null ? NAME : family.name() + "Training")
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println(NAME + ": " + e.getMessage());
                    err.println("usage: " + e.getCommandLine().getCommandName() + " --help for the options");
                    return TrainingException.USAGE;
                })
                .setExecutionExceptionHandler((e, c, p) -> {
                    if (e instanceof TrainingException t) {
                        err.println(NAME + ": " + t.getMessage());
                        return t.exitStatus();
                    }
                    if (e instanceof IllegalArgumentException) {
                        err.println(NAME + ": " + e.getMessage());
                        return TrainingException.USAGE;
                    }
                    err.println(NAME + ": internal failure: " + e);
                    if (System.getenv("VMODEL_DEBUG") != null) {
                        e.printStackTrace(err);
                    } else {
                        err.println("(set VMODEL_DEBUG=1 for the trace, and please report it)");
                    }
                    return 1;
                });
        // Ctrl-C lets the run write a checkpoint; the JVM exits only once the outcome is printed.
        try (StopSignal signal = StopSignal.install()) {
            o.signal = signal;
            try {
                return cl.execute(args);
            } catch (OutOfMemoryError e) {
                err.println(NAME + ": out of Java memory; lower the batch (--set batch=N) or give the JVM more"
                        + " (-Xmx)");
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /** The options; picocli fills the fields and calls {@link #call()}. */
    @Command(
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Trains a generated vmodel model on a dataset read from disk with its spec's recipe,",
                "or evaluates saved weights (--evaluate)."
            },
            footer = {
                "",
                "Data formats: IDX (MNIST, Fashion-MNIST; raw or .gz), CIFAR-10/100 binary, an image folder",
                "(one sub-folder per class, PNG/JPEG; optional train/ and val/), synthetic.",
                "Exit status: 0 done, 2 bad usage or input, 3 NaN/inf loss, 130 interrupted (checkpoint written)."
            })
    static final class Options implements Callable<Integer> {
        private final ModelFamily fixed;
        private final PrintStream out;
        private final PrintStream err;
        private StopSignal signal;

        @Option(names = "--model", paramLabel = "NAME", description = "The spec name of the model, e.g. GMlp.")
        String model;

        @Option(
                names = "--variant",
                paramLabel = "NAME",
                description = "A variant of the spec (default: the spec's param defaults).")
        String variant;

        @Option(
                names = "--data",
                paramLabel = "PATH",
                description = "The dataset: a folder (IDX files, CIFAR batches, class folders).")
        Path data;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                description = "idx, cifar10, cifar100, folder or synthetic (default: detected from the files).")
        String format;

        @Option(
                names = "--output",
                paramLabel = "DIR",
                description = "The run folder (default: vmodel-runs/MODEL-VARIANT).")
        Path output;

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description = "Overrides a recipe setting, e.g. --set lr=5e-4 --set epochs=10.")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(
                names = "--param",
                paramLabel = "NAME=VALUE",
                description = "Overrides a model param, e.g. --param depth=2.")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--epochs", paramLabel = "N", description = "Shorthand for --set epochs=N.")
        String epochs;

        @Option(names = "--batch", paramLabel = "N", description = "Shorthand for --set batch=N.")
        String batch;

        @Option(names = "--lr", paramLabel = "LR", description = "Shorthand for --set lr=LR.")
        String lr;

        @Option(names = "--resume", description = "Continue the run in the output folder from its checkpoint.")
        boolean resume;

        @Option(
                names = "--checkpoint-every",
                paramLabel = "STEPS",
                description = "Also write a checkpoint every STEPS steps (default: after each epoch only).")
        long checkpointEvery;

        @Option(names = "--gray-to-rgb", description = "Let 1-channel images feed a 3-channel model.")
        boolean grayToRgb;

        @Option(
                names = "--evaluate",
                paramLabel = "FILE",
                description = "Evaluate this checkpoint or weights file on the validation data, no training.")
        Path evaluate;

        @Option(names = "--no-progress", description = "No progress bar (the per-epoch lines remain).")
        boolean noProgress;

        @Option(
                names = "--threads",
                paramLabel = "N",
                description = "PyTorch intra-op threads (default: PyTorch's, the core count).")
        Integer threads;

        @Option(
                names = "--synthetic-size",
                paramLabel = "N",
                description = "Images of synthetic data (default: ${DEFAULT-VALUE}).")
        int syntheticSize = 1024;

        Options(ModelFamily fixed, PrintStream out, PrintStream err) {
            this.fixed = fixed;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws TrainingException {
            Engines.quietLogging();
            if (threads != null) {
                if (threads < 1) {
                    throw TrainingException.usage("--threads must be at least 1, got " + threads);
                }
                // Read by DJL's PyTorch engine when it loads, so before anything touches it.
                System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            ModelFamily family = family();
            Training.Builder b = Training.builder(family)
                    .variant(variant)
                    .data(data)
                    .output(output)
                    .resume(resume)
                    .checkpointEvery(checkpointEvery)
                    .grayToRgb(grayToRgb)
                    .progress(!noProgress)
                    .syntheticSize(syntheticSize)
                    .streams(out, err)
                    .stopSignal(signal);
            if (checkpointEvery < 0) {
                throw TrainingException.usage("--checkpoint-every must be 0 or more, got " + checkpointEvery);
            }
            if (format != null) {
                b.format(DataFormat.parse(format));
            }
            params.forEach(b::param);
            settings.forEach(b::set);
            if (epochs != null) {
                b.set("epochs", epochs);
            }
            if (batch != null) {
                b.set("batch", batch);
            }
            if (lr != null) {
                b.set("lr", lr);
            }
            Training t = b.build();
            if (evaluate != null) {
                t.evaluate(evaluate);
                return 0;
            }
            Training.Result r = t.run();
            EpochMetrics last = r.last();
            out.printf(
                    java.util.Locale.ROOT,
                    "final: top-1 %.2f%%, top-5 %.2f%%, val loss %.4f after %d epochs (%.1f s)%n",
                    100 * last.top1(),
                    100 * last.top5(),
                    last.valLoss(),
                    last.epoch(),
                    r.seconds());
            return 0;
        }

        private ModelFamily family() throws TrainingException {
            if (fixed != null) {
                if (model != null && !model.equals(fixed.name())) {
                    throw TrainingException.usage(
                            "this harness trains " + fixed.name() + "; --model " + model + " does not apply");
                }
                return fixed;
            }
            if (model == null) {
                throw TrainingException.usage("no model given: pass --model NAME (e.g. --model GMlp)");
            }
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            try {
                return ModelFamilies.named(model, context != null ? context : TrainCli.class.getClassLoader());
            } catch (IllegalArgumentException e) {
                throw TrainingException.usage(e.getMessage());
            }
        }
    }
}
