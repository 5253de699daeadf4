package dev.vmodel.runtime.train;

import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.train.GeneratedModel.UsageException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a generated model for a few steps on a fixed synthetic batch and prints the loss of each
 * step: the quickest check that a spec's model builds, runs forward and backward, and learns.
 *
 * <pre>
 * java -cp RUNTIME_AND_MODELS dev.vmodel.runtime.train.QuickTrain MODEL VARIANT [STEPS=5] [BATCH=4] [PARAM=VALUE ...]
 * e.g. ... QuickTrain GMlp ti16 10 2 depth=2 imageSize=64
 * </pre>
 *
 * <p>Prints {@code step i loss=... ms=...} per step, then {@code LOSS first=... last=...}. Exit
 * status 0 on success, 2 on bad usage (unknown model, variant or param, bad number, params the spec's
 * rules refuse; one line on standard error), 1 if training fails. {@code MODEL} is the spec name of
 * a generated model on the class path ({@link dev.vmodel.runtime.model.ModelFamilies}).
 */
public final class QuickTrain {

    static final String USAGE =
            "usage: QuickTrain <model, e.g. GMlp> <variant> [steps=5] [batch=4]" + " [param=value ...]";

    private QuickTrain() {}

    /**
     * Runs {@link #run} and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }

    /**
     * The command without {@code System.exit}.
     *
     * @param args the command line
     * @param out where steps and the loss summary go
     * @param err where errors go
     * @return the exit status: 0 success, 1 training failed, 2 bad usage
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Parsed p;
        try {
            p = parse(args);
        } catch (UsageException e) {
            err.println("QuickTrain: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (p == null) { // --help
            out.println(USAGE);
            return 0;
        }
        GeneratedModel gm;
        try {
            gm = GeneratedModel.build(p.model, p.variant, p.batch, p.overrides, ModelFamilies.defaultLoader());
        } catch (UsageException e) {
            err.println("QuickTrain: " + e.getMessage());
            return 2;
        }
        try (TrainLoop loop =
                TrainLoop.builder(gm.model(), gm.inputShape(), gm.classes()).build()) {
            out.printf(
                    "model %s input=%s classes=%d params=%d buffers=%d steps=%d%n",
                    gm.label(), gm.inputShape(), gm.classes(), loop.parameterCount(), loop.bufferCount(), p.steps);
            TrainLoop.Result r = loop.train(
                    p.steps, (i, loss, nanos) -> out.printf("step %d loss=%.4f ms=%.1f%n", i + 1, loss, nanos / 1e6));
            out.printf("LOSS first=%.4f last=%.4f%n", r.firstLoss(), r.lastLoss());
            if (!Float.isFinite(r.lastLoss())) {
                err.println("QuickTrain: the loss is not finite");
                return 1;
            }
            return 0;
        } catch (RuntimeException | Error e) {
            String m = e.getMessage();
            err.println("QuickTrain: training " + gm.label() + " failed: "
                    + e.getClass().getSimpleName()
                    + (m == null ? "" : ": " + m.lines().findFirst().orElse("")));
            return 1;
        }
    }

    /** The parsed command line, or null for {@code --help}. */
    static Parsed parse(String[] args) throws UsageException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            return null;
        }
        if (args.length < 2) {
            throw new UsageException("need a model and a variant");
        }
        int steps = 5;
        long batch = 4;
        Map<String, String> overrides = new LinkedHashMap<>();
        int positional = 0;
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (eq < 0) {
                if (!overrides.isEmpty()) {
                    throw new UsageException("'" + a + "': steps and batch come before the param=value pairs");
                }
                if (positional == 0) {
                    steps = (int) positiveInt(a, "steps");
                } else if (positional == 1) {
                    batch = positiveInt(a, "batch");
                } else {
                    throw new UsageException("unexpected argument '" + a + "' (want param=value)");
                }
                positional++;
            } else {
                String name = a.substring(0, eq).trim();
                if (name.isEmpty()) {
                    throw new UsageException("'" + a + "' has no param name");
                }
                if (overrides.put(name, a.substring(eq + 1)) != null) {
                    throw new UsageException("param '" + name + "' given twice");
                }
            }
        }
        return new Parsed(args[0], args[1], steps, batch, overrides);
    }

    static long positiveInt(String text, String what) throws UsageException {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("bad number '" + text + "' for " + what + " (expects an integer)");
        }
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new UsageException(what + " must be a positive integer, got " + text);
        }
        return v;
    }

    record Parsed(String model, String variant, int steps, long batch, Map<String, String> overrides) {}
}
