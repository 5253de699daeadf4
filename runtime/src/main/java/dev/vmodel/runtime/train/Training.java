package dev.vmodel.runtime.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import dev.vmodel.runtime.EngineArrays;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.data.Augmentation;
import dev.vmodel.runtime.data.Batch;
import dev.vmodel.runtime.data.BatchPlan;
import dev.vmodel.runtime.data.Batches;
import dev.vmodel.runtime.data.DataException;
import dev.vmodel.runtime.data.DataFormat;
import dev.vmodel.runtime.data.DataRequest;
import dev.vmodel.runtime.data.DataSplit;
import dev.vmodel.runtime.data.Datasets;
import dev.vmodel.runtime.data.Normalization;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.train.GeneratedModel.UsageException;
import dev.vmodel.runtime.train.io.SafeTensors;
import dev.vmodel.runtime.train.optim.GradientClipping;
import dev.vmodel.runtime.train.optim.LrSchedule;
import dev.vmodel.runtime.train.optim.OptimizerSettings;
import dev.vmodel.runtime.train.optim.ParameterOptimizer;
import dev.vmodel.runtime.train.optim.SoftTargetCrossEntropy;
import dev.vmodel.runtime.train.report.CurvesChart;
import dev.vmodel.runtime.train.report.EpochMetrics;
import dev.vmodel.runtime.train.report.MetricsLog;
import dev.vmodel.runtime.train.report.StepProgress;
import dev.vmodel.semantic.model.TrainRecipe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training run of a generated model on a dataset read from disk, with the spec's recipe: the
 * work behind every generated {@code <Model>Training} harness, {@link TrainCli} and {@code mvn
 * vmodel:train}.
 *
 * <pre>{@code
 * Training.Result r = GMlpTraining.builder()   // or Training.builder(GMlp.FAMILY)
 *         .variant("ti16")
 *         .data(Path.of("data/cifar-10-batches-bin"))
 *         .set("epochs", "10")
 *         .output(Path.of("runs/gmlp"))
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>A run leaves in its output folder {@code metrics.jsonl} and {@code metrics.csv} (one row per
 * epoch), {@code curves.png}, {@code checkpoint.safetensors} (written atomically after every epoch
 * and every {@code checkpointEvery} steps) and, at the end, {@code model.safetensors}: the weights
 * under their stable names, which PyTorch's {@code safetensors} reader loads as a {@code
 * state_dict}.
 *
 * <p><b>Exact resume.</b> A run resumed from a checkpoint takes the same subsequent steps, bit for
 * bit on CPU, as one never interrupted: the checkpoint holds the weights, buffers and optimizer
 * state exactly, and everything random is a pure function of the recipe's seed and the position
 * (the epoch's order, each batch's augmentation, and the engine's generator, reseeded before every
 * step so that dropout and drop-path draw the same masks). Host-side arithmetic that feeds the
 * run (schedule, bias corrections, augmentation draws) uses {@link StrictMath}, whose results do not
 * change when the JIT compiles a method, and batches, like every constant in the graph, live in
 * libtorch's memory ({@link EngineArrays}), so the JVM's collector cannot touch what the backward
 * pass reads. (Runs used to differ in the last bits now and then under G1, and Swin's loss became
 * NaN: that was Java memory freed under the graph, not the collector's arithmetic.)
 */
public final class Training {

    private static final Gson GSON = new Gson();

    private final ModelFamily family;
    private final String variant;
    private final Map<String, String> params;
    private final TrainRecipe recipe;
    private final Path data;
    private final DataFormat format;
    private final Path output;
    private final boolean resume;
    private final long checkpointEvery;
    private final boolean grayToRgb;
    private final boolean progress;
    private final int syntheticSize;
    private final PrintStream out;
    private final PrintStream err;
    private final StopSignal stop;

    private Training(Builder b) {
        this.family = b.family;
        this.variant = b.variant;
        this.params = new LinkedHashMap<>(b.params);
        this.recipe = b.recipe;
        this.data = b.data;
        this.format = b.format;
        this.output = b.output;
        this.resume = b.resume;
        this.checkpointEvery = b.checkpointEvery;
        this.grayToRgb = b.grayToRgb;
        this.progress = b.progress;
        this.syntheticSize = b.syntheticSize;
        this.out = b.out;
        this.err = b.err;
        this.stop = b.stop;
    }

    /**
     * Starts configuring a run of {@code family} with its spec's recipe.
     *
     * @param family the model
     * @return a builder
     */
    public static Builder builder(ModelFamily family) {
        return new Builder(family);
    }

    /**
     * Trains: from the start, or from the output folder's checkpoint when resuming.
     *
     * @return what the run did and where it left its files
     * @throws TrainingException with one line and an exit status when the run cannot start or go on
     *     (bad data, a model the data does not fit, an unwritable folder, a NaN loss, a stop signal)
     */
    public Result run() throws TrainingException {
        Setup s = new Setup(true);
        StopSignal signal = stop != null ? stop : StopSignal.install();
        try {
            return new Run(s, signal).train();
        } finally {
            s.close();
            if (signal != stop) {
                signal.close();
            }
        }
    }

    /**
     * Scores saved weights (a checkpoint or a weights file) on the validation part of the data.
     *
     * @param weights the file
     * @return loss and accuracy on the validation images
     * @throws TrainingException if the file, the data or the model is wrong
     */
    public Evaluation evaluate(Path weights) throws TrainingException {
        Setup s = new Setup(false);
        try (NDManager read = s.base.newSubManager()) {
            Checkpoint.load(Checkpoint.readWeights(read, weights), s.all, weights);
            if (s.split.validation().size() == 0) {
                throw TrainingException.usage("the data has no validation images to evaluate on: give a dataset"
                        + " with a test split, or set validationSplit above 0");
            }
            long t = System.nanoTime();
            Evaluation e = Evaluation.run(
                    s.model,
                    s.store,
                    s.base,
                    s.split.validation(),
                    (int) recipe.batch(),
                    s.norm,
                    s.model.classes(),
                    stop);
            if (e == null) {
                throw new TrainingException("interrupted during the evaluation", TrainingException.INTERRUPTED);
            }
            out.printf(
                    Locale.ROOT,
                    "evaluated %s on %d images: loss %.4f  top-1 %.2f%%  top-5 %.2f%%  (%.1f s)%n",
                    weights,
                    e.images(),
                    e.loss(),
                    100 * e.top1(),
                    100 * e.top5(),
                    (System.nanoTime() - t) / 1e9);
            return e;
        } catch (DataException e) {
            throw TrainingException.usage(e.getMessage());
        } finally {
            s.close();
        }
    }

    /** The model, data, engine objects and optimizer of a run, built and checked before any step. */
    private final class Setup implements AutoCloseable {
        final GeneratedModel built;
        final SpecModel model;
        final Shape inputShape;
        final DataSplit split;
        final Normalization norm;
        final Augmentation augmentation;
        final Engine engine;
        final NDManager base;
        final ParameterStore store;
        final Map<String, Parameter> all;
        final Map<String, Parameter> trainable;
        final ParameterOptimizer optimizer;

        Setup(boolean forTraining) throws TrainingException {
            try {
                built = GeneratedModel.build(family, variant, recipe.batch(), params);
            } catch (UsageException e) {
                throw TrainingException.usage(e.getMessage());
            }
            model = built.model();
            inputShape = built.inputShape();
            if (inputShape.dimension() != 4) {
                throw TrainingException.usage("the trainer feeds images, but " + built.label() + " takes input "
                        + inputShape + " (batch first); declare `input image(C, H, W)`");
            }
            if (forTraining) {
                checkOutput();
            }
            split = openData();
            long dataClasses = split.train().classes();
            if (dataClasses > model.classes()) {
                throw TrainingException.usage("the data has " + dataClasses + " classes but " + built.label()
                        + " predicts " + model.classes() + "; raise the model's class count (e.g. --param"
                        + " numClasses=" + dataClasses + ")");
            }
            norm = normalization();
            augmentation = new Augmentation(
                    (int) recipe.cropPadding(),
                    recipe.randomResizedCrop(),
                    recipe.minScale(),
                    recipe.hflip(),
                    recipe.mixup(),
                    recipe.cutmix());
            engine = Engines.engine();
            Engines.seed(intSeed(recipe.seed()));
            base = engine.newBaseManager();
            ParameterOptimizer opt = null;
            try {
                model.initialize(base, DataType.FLOAT32, inputShape);
                store = Engines.parameterStore(base);
                all = model.parametersByName();
                trainable = new LinkedHashMap<>();
                all.forEach((name, p) -> {
                    if (p.requiresGradient()) {
                        p.getArray().setRequiresGradient(true);
                        trainable.put(name, p);
                    }
                });
                if (forTraining) {
                    opt = ParameterOptimizer.create(
                            new OptimizerSettings(
                                    recipe.optimizer(),
                                    recipe.weightDecay(),
                                    recipe.momentum(),
                                    recipe.nesterov(),
                                    recipe.beta1(),
                                    recipe.beta2(),
                                    recipe.eps()),
                            trainable);
                }
            } catch (RuntimeException | Error e) {
                base.close();
                throw e;
            }
            optimizer = opt;
        }

        private DataSplit openData() throws TrainingException {
            DataFormat f = format;
            if (f == null && data == null) {
                if (!recipe.dataset().equals("synthetic")) {
                    throw TrainingException.usage("no data given: pass --data PATH (the recipe expects "
                            + recipe.dataset() + "; formats: IDX, CIFAR-10/100 binary, an image folder) or"
                            + " --format synthetic");
                }
                f = DataFormat.SYNTHETIC;
            }
            if (f != DataFormat.SYNTHETIC && data == null) {
                throw TrainingException.usage("no data given for format " + f + ": pass --data PATH");
            }
            try {
                return Datasets.open(new DataRequest(
                        f == DataFormat.SYNTHETIC ? null : data,
                        f,
                        (int) inputShape.get(1),
                        (int) inputShape.get(2),
                        (int) inputShape.get(3),
                        grayToRgb,
                        recipe.validationSplit(),
                        recipe.seed(),
                        syntheticSize,
                        (int) Math.min(model.classes(), 10)));
            } catch (DataException e) {
                throw TrainingException.usage(e.getMessage());
            }
        }

        private Normalization normalization() {
            int channels = (int) inputShape.get(1);
            return recipe.normalize().equals("auto")
                    ? Normalization.auto(split.format(), channels)
                    : Normalization.named(recipe.normalize(), channels);
        }

        @Override
        public void close() {
            try {
                if (optimizer != null) {
                    optimizer.close();
                }
            } finally {
                base.close();
            }
        }
    }

    /** The output folder exists (or is made) and can be written; a finished or stopped run in it is not overwritten. */
    private void checkOutput() throws TrainingException {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw TrainingException.usage("cannot create the output folder " + output + ": " + reason(e));
        }
        Path probe = output.resolve(".vmodel-write-probe");
        try {
            Files.writeString(probe, "");
            Files.delete(probe);
        } catch (IOException e) {
            throw TrainingException.usage("cannot write to the output folder " + output + ": " + reason(e));
        }
        Path checkpoint = output.resolve(Checkpoint.FILE);
        if (!resume && Files.exists(checkpoint)) {
            throw TrainingException.usage(output + " already holds a run (" + Checkpoint.FILE + "); pass --resume"
                    + " to continue it, or choose another --output");
        }
        if (resume && !Files.exists(checkpoint)) {
            throw TrainingException.usage("--resume: there is no " + Checkpoint.FILE + " in " + output
                    + " to resume from; start without --resume");
        }
    }

    /** The training loop over a set-up run. */
    private final class Run {
        private final Setup s;
        private final StopSignal signal;
        private final Path checkpointFile = output.resolve(Checkpoint.FILE);
        private final Map<String, String> description;
        private Checkpoint.Position lastCheckpoint;

        Run(Setup s, StopSignal signal) {
            this.s = s;
            this.signal = signal;
            description = describe(s);
        }

        Result train() throws TrainingException {
            int batch = (int) recipe.batch();
            int trainSize = s.split.train().size();
            if (batch > trainSize) {
                throw TrainingException.usage("batch " + batch + " is larger than the " + trainSize
                        + " training images; lower it (--set batch=N)");
            }
            int stepsPerEpoch = new BatchPlan(trainSize, batch, recipe.seed(), 0, true).steps();
            long totalSteps = recipe.epochs() * stepsPerEpoch;
            LrSchedule schedule = new LrSchedule(
                    recipe.schedule(),
                    recipe.lr(),
                    recipe.minLr(),
                    recipe.warmupLr(),
                    recipe.warmupEpochs() * stepsPerEpoch,
                    totalSteps,
                    recipe.decayEpochs() * stepsPerEpoch,
                    recipe.decayRate());
            Checkpoint.Position at = new Checkpoint.Position(0, 0, 0);
            EpochSums sums = new EpochSums();
            if (resume) {
                at = restore(sums);
                lastCheckpoint = at;
            }
            out.printf(
                    Locale.ROOT,
                    "training %s (%,d params) on %s%n  recipe: %s, lr %s, batch %d, %d epochs of %d steps;"
                            + " output %s%n",
                    s.built.label(),
                    ModelStats.parameterCount(s.model),
                    s.split.description(),
                    recipe.optimizer(),
                    java.math.BigDecimal.valueOf(recipe.lr()).toPlainString(),
                    batch,
                    recipe.epochs(),
                    stepsPerEpoch,
                    output);
            if (resume) {
                out.printf("  resuming at epoch %d step %d%n", at.epoch() + 1, at.stepInEpoch());
            }
            try (MetricsLog log = openLog(at.epoch() + 1)) {
                long global = at.globalStep();
                for (int epoch = at.epoch(); epoch < recipe.epochs(); epoch++) {
                    BatchPlan plan = new BatchPlan(trainSize, batch, recipe.seed(), epoch, true);
                    int first = epoch == at.epoch() ? at.stepInEpoch() : 0;
                    if (first == 0) {
                        sums = new EpochSums();
                    }
                    long epochStart = System.nanoTime();
                    double lr = schedule.at(Math.max(0, global - 1));
                    try (StepProgress bar = StepProgress.start(
                            "epoch " + (epoch + 1) + "/" + recipe.epochs(), stepsPerEpoch, first, err, progress)) {
                        for (int step = first; step < stepsPerEpoch; step++) {
                            if (signal.requested()) {
                                stopNow(epoch, step, global, sums);
                            }
                            lr = schedule.at(global);
                            float loss = step(plan.indices(step), epoch, step, global, lr);
                            if (!Float.isFinite(loss)) {
                                throw notFinite(loss, epoch, step, global);
                            }
                            global++;
                            sums.add(loss, batch, System.nanoTime() - epochStart);
                            bar.step(step + 1, loss, sums.imagesPerSecond());
                            if (checkpointEvery > 0 && global % checkpointEvery == 0 && step + 1 < stepsPerEpoch) {
                                save(new Checkpoint.Position(epoch, step + 1, global), sums);
                            }
                        }
                    }
                    if (signal.requested()) {
                        stopNow(epoch, stepsPerEpoch, global, sums);
                    }
                    Evaluation v = validate();
                    if (v == null) {
                        stopNow(epoch, stepsPerEpoch, global, sums);
                    }
                    double seconds = sums.seconds;
                    EpochMetrics m = new EpochMetrics(
                            epoch + 1,
                            global,
                            sums.meanLoss(),
                            v.loss(),
                            v.top1(),
                            v.top5(),
                            lr,
                            sums.imagesPerSecond(),
                            seconds);
                    log.append(m);
                    report(m);
                    CurvesChart.write(
                            output.resolve(CurvesChart.FILE), log.rows(), s.built.label() + " on " + dataName());
                    save(new Checkpoint.Position(epoch + 1, 0, global), new EpochSums());
                }
                Path weights = output.resolve(Checkpoint.WEIGHTS);
                saveWeights(weights);
                out.printf(
                        "done: weights %s, metrics %s, curves %s%n",
                        weights, output.resolve(MetricsLog.JSONL), output.resolve(CurvesChart.FILE));
                List<EpochMetrics> rows = log.rows();
                double total = rows.stream().mapToDouble(EpochMetrics::seconds).sum();
                return new Result(rows, output, weights, checkpointFile, ModelStats.parameterCount(s.model), total);
            } catch (IOException e) {
                throw TrainingException.usage("cannot write to " + output + ": " + reason(e));
            } catch (DataException e) {
                throw TrainingException.usage(e.getMessage());
            }
        }

        /** One step: forward, loss, backward, clipping, the optimizer's update; returns the loss. */
        private float step(int[] indices, int epoch, int step, long global, double lr) throws DataException {
            Batch b = Batches.assemble(
                    s.split.train(),
                    indices,
                    s.augmentation,
                    s.norm,
                    recipe.labelSmoothing(),
                    Batches.stepSeed(recipe.seed(), epoch, step));
            // The engine's generator (dropout, drop-path) from its own stream, reseeded every step so
            // that a resumed run draws what an uninterrupted one draws.
            Engines.seed(intSeed(Batches.stepSeed(~recipe.seed(), epoch, step)));
            float loss;
            try (NDManager sub = s.base.newSubManager()) {
                // In libtorch's memory: the graph holds the batch until the backward pass.
                NDArray x = EngineArrays.of(sub, b.images(), new Shape(b.n(), b.c(), b.h(), b.w()));
                NDArray t = EngineArrays.of(sub, padTargets(b, s.model.classes()), new Shape(b.n(), s.model.classes()));
                try (GradientCollector gc = s.engine.newGradientCollector()) {
                    NDArray logits =
                            s.model.forward(s.store, new NDList(x), true).singletonOrThrow();
                    NDArray l = SoftTargetCrossEntropy.loss(logits, t);
                    loss = l.getFloat();
                    if (!Float.isFinite(loss)) {
                        return loss;
                    }
                    gc.backward(l);
                }
                if (recipe.clipGrad() > 0) {
                    GradientClipping.clipGlobalNorm(s.trainable.values(), recipe.clipGrad());
                }
                s.optimizer.step(lr);
            }
            return loss;
        }

        private Evaluation validate() throws DataException {
            return Evaluation.run(
                    s.model,
                    s.store,
                    s.base,
                    s.split.validation(),
                    (int) recipe.batch(),
                    s.norm,
                    s.model.classes(),
                    signal);
        }

        private Checkpoint.Position restore(EpochSums sums) throws TrainingException {
            try (NDManager read = s.base.newSubManager()) {
                Checkpoint c = Checkpoint.read(read, checkpointFile);
                for (String key : List.of("model", "variant", "params")) {
                    String saved = c.metadata().get(key);
                    if (!description.get(key).equals(saved)) {
                        throw TrainingException.usage("the checkpoint in " + output + " is of " + key + " " + saved
                                + ", not " + description.get(key) + "; resume with the same model, variant and"
                                + " params, or choose another --output");
                    }
                }
                String savedRecipe = c.metadata().get("recipe");
                if (!description.get("recipe").equals(savedRecipe)) {
                    err.println("note: the recipe differs from the checkpoint's; continuing with the new one");
                }
                Checkpoint.load(c.model(), s.all, checkpointFile);
                try {
                    s.optimizer.loadState(c.optimizer());
                } catch (IllegalArgumentException e) {
                    throw TrainingException.usage(checkpointFile + ": " + e.getMessage());
                }
                sums.restore(c.metadata());
                return c.position();
            }
        }

        private void save(Checkpoint.Position at, EpochSums sums) throws IOException {
            Map<String, String> meta = new LinkedHashMap<>(description);
            meta.putAll(sums.asMetadata());
            Checkpoint.write(checkpointFile, s.all, s.optimizer, meta, at);
            lastCheckpoint = at;
        }

        private void saveWeights(Path file) throws IOException {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            s.all.forEach((name, p) -> tensors.put(name, p.getArray()));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.putAll(description);
            SafeTensors.write(file, tensors, meta);
        }

        /** Writes a checkpoint at the current position and ends the run with the interrupted status. */
        private void stopNow(int epoch, int step, long global, EpochSums sums) throws TrainingException {
            try {
                save(new Checkpoint.Position(epoch, step, global), sums);
            } catch (IOException e) {
                throw new TrainingException(
                        "interrupted, and the checkpoint could not be written: " + reason(e),
                        TrainingException.INTERRUPTED);
            }
            throw new TrainingException(
                    "interrupted at epoch " + (epoch + 1) + " step " + step + "; checkpoint written to "
                            + checkpointFile + "; continue with --resume",
                    TrainingException.INTERRUPTED);
        }

        private TrainingException notFinite(float loss, int epoch, int step, long global) {
            String last = lastCheckpoint == null
                    ? "no checkpoint was written yet"
                    : "the last good checkpoint is " + checkpointFile + " (epoch " + (lastCheckpoint.epoch() + 1)
                            + " step " + lastCheckpoint.stepInEpoch() + ")";
            return new TrainingException(
                    "the loss became " + loss + " at epoch " + (epoch + 1) + " step " + (step + 1) + " (step "
                            + (global + 1) + " of the run); stopped without saving; " + last
                            + "; try a lower lr or clipGrad",
                    TrainingException.NOT_FINITE);
        }

        private MetricsLog openLog(int firstEpoch) throws TrainingException {
            try {
                return MetricsLog.open(output, firstEpoch, resume);
            } catch (IOException e) {
                throw TrainingException.usage("cannot write the metrics in " + output + ": " + reason(e));
            }
        }

        private void report(EpochMetrics m) {
            out.printf(
                    Locale.ROOT,
                    "epoch %d/%d  train loss %.4f  val loss %.4f  top-1 %.2f%%  top-5 %.2f%%  lr %.3g  %.1f img/s"
                            + "  %.1f s%n",
                    m.epoch(),
                    recipe.epochs(),
                    m.trainLoss(),
                    m.valLoss(),
                    100 * m.top1(),
                    100 * m.top5(),
                    m.lr(),
                    m.imagesPerSecond(),
                    m.seconds());
        }

        private String dataName() {
            String d = s.split.description();
            int at = d.indexOf(" at ");
            int colon = d.indexOf(':');
            int end = at > 0 ? at : colon > 0 ? colon : Math.min(d.length(), 40);
            return d.substring(0, end);
        }
    }

    /** What identifies a run: a checkpoint resumes only the run it describes. */
    private Map<String, String> describe(Setup s) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model", family.name());
        d.put("variant", s.built.variant());
        d.put("params", GSON.toJson(s.model.params()));
        d.put("recipe", GSON.toJson(recipe.settings()));
        d.put("data", s.split.description());
        return d;
    }

    /** The running sums of the epoch under way, kept in checkpoints so that a resumed epoch reports the same train loss. */
    private static final class EpochSums {
        double lossSum;
        long steps;
        long images;
        double seconds;
        private double secondsBefore;

        void add(float loss, int batch, long nanosSinceEpochStart) {
            lossSum += loss;
            steps++;
            images += batch;
            seconds = secondsBefore + nanosSinceEpochStart / 1e9;
        }

        double meanLoss() {
            return steps == 0 ? Double.NaN : lossSum / steps;
        }

        double imagesPerSecond() {
            return seconds > 0 ? images / seconds : 0;
        }

        Map<String, String> asMetadata() {
            return Map.of(
                    "epoch_loss_sum", Double.toString(lossSum),
                    "epoch_steps", Long.toString(steps),
                    "epoch_images", Long.toString(images),
                    "epoch_seconds", Double.toString(seconds));
        }

        void restore(Map<String, String> meta) {
            try {
                lossSum = Double.parseDouble(meta.getOrDefault("epoch_loss_sum", "0"));
                steps = Long.parseLong(meta.getOrDefault("epoch_steps", "0"));
                images = Long.parseLong(meta.getOrDefault("epoch_images", "0"));
                secondsBefore = Double.parseDouble(meta.getOrDefault("epoch_seconds", "0"));
                seconds = secondsBefore;
            } catch (NumberFormatException e) {
                lossSum = 0;
                steps = 0;
                images = 0;
            }
        }
    }

    /** The batch's targets widened to the model's class count (the data may have fewer classes). */
    static float[] padTargets(Batch b, long modelClasses) {
        if (b.classes() == modelClasses) {
            return b.targets();
        }
        int k = (int) modelClasses;
        float[] wide = new float[b.n() * k];
        for (int i = 0; i < b.n(); i++) {
            System.arraycopy(b.targets(), i * b.classes(), wide, i * k, b.classes());
        }
        return wide;
    }

    private static int intSeed(long seed) {
        return (int) (seed ^ (seed >>> 32)) & Integer.MAX_VALUE;
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e.getClass()
                        .getSimpleName()
                        .replace("Exception", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(Locale.ROOT)
                + (m == null ? "" : " (" + m + ")");
    }

    /**
     * What a run did.
     *
     * @param epochs the metrics of every epoch, those before a resume included
     * @param output the run folder
     * @param weights the final weights file (or the file evaluated)
     * @param checkpoint the checkpoint file, or null after an evaluation
     * @param parameters the model's parameter count
     * @param seconds the time spent
     */
    public record Result(
            List<EpochMetrics> epochs, Path output, Path weights, Path checkpoint, long parameters, double seconds) {

        /**
         * Returns the last epoch's metrics.
         *
         * @return the metrics
         */
        public EpochMetrics last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    /** Options of a run; the recipe starts as the spec's. */
    public static final class Builder {
        private final ModelFamily family;
        private String variant;
        private final Map<String, String> params = new LinkedHashMap<>();
        private TrainRecipe recipe;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Path data;
        private DataFormat format;
        private Path output;
        private boolean resume;
        private long checkpointEvery;
        private boolean grayToRgb;
        private boolean progress = true;
        private int syntheticSize = 1024;
        private PrintStream out = System.out;
        private PrintStream err = System.err;
        private StopSignal stop;

        private Builder(ModelFamily family) {
            if (family == null) {
                throw new IllegalArgumentException("family must not be null");
            }
            this.family = family;
            this.recipe = family.recipe();
        }

        /**
         * Sets the variant to train (else the spec's defaults).
         *
         * @param variant a variant of the spec
         * @return this builder
         */
        public Builder variant(String variant) {
            this.variant = variant;
            return this;
        }

        /**
         * Overrides a model param.
         *
         * @param name the param
         * @param value its value as text
         * @return this builder
         */
        public Builder param(String name, String value) {
            params.put(name, value);
            return this;
        }

        /**
         * Sets the whole recipe.
         *
         * @param recipe the recipe
         * @return this builder
         */
        public Builder recipe(TrainRecipe recipe) {
            if (recipe == null) {
                throw new IllegalArgumentException("recipe must not be null");
            }
            this.recipe = recipe;
            return this;
        }

        /**
         * Overrides one recipe setting. {@link #build()} checks the overrides as the language checks
         * a train section, once every override is in (so that {@code epochs=1} and {@code
         * warmupEpochs=0} may come in either order).
         *
         * @param key a setting, e.g. {@code lr}
         * @param value its value as text
         * @return this builder
         */
        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * Sets where the data is.
         *
         * @param data a folder or file in one of the supported formats
         * @return this builder
         */
        public Builder data(Path data) {
            this.data = data;
            return this;
        }

        /**
         * Forces the data format (else it is detected from the files).
         *
         * @param format the format, or null to detect
         * @return this builder
         */
        public Builder format(DataFormat format) {
            this.format = format;
            return this;
        }

        /**
         * Sets the run folder.
         *
         * @param output where metrics, chart, checkpoint and weights go
         * @return this builder
         */
        public Builder output(Path output) {
            this.output = output;
            return this;
        }

        /**
         * Continues the run in the output folder from its checkpoint.
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Writes a checkpoint every {@code steps} steps as well as after every epoch.
         *
         * @param steps the interval, 0 for epochs only
         * @return this builder
         */
        public Builder checkpointEvery(long steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("checkpoint interval must be 0 or more, got " + steps);
            }
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * Lets 1-channel images feed a 3-channel model (each channel a copy).
         *
         * @param grayToRgb whether to replicate
         * @return this builder
         */
        public Builder grayToRgb(boolean grayToRgb) {
            this.grayToRgb = grayToRgb;
            return this;
        }

        /**
         * Shows a progress bar per epoch (on the error stream).
         *
         * @param progress whether to show it
         * @return this builder
         */
        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Sets how many images synthetic data has.
         *
         * @param size the image count
         * @return this builder
         */
        public Builder syntheticSize(int size) {
            this.syntheticSize = size;
            return this;
        }

        /**
         * Sets where the per-epoch lines go (the progress bar and notes go to {@code err}).
         *
         * @param out the report stream
         * @param err the progress and notes stream
         * @return this builder
         */
        public Builder streams(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
            return this;
        }

        /**
         * Uses a stop signal its caller closes (after reporting how the run ended), instead of one
         * the run installs and closes itself: the JVM exits as soon as the signal is closed.
         */
        Builder stopSignal(StopSignal stop) {
            this.stop = stop;
            return this;
        }

        /**
         * Checks the options and returns the run.
         *
         * @return the run; nothing is read or written until {@link Training#run()}
         * @throws IllegalArgumentException with one line for an unknown setting, a bad value or a
         *     broken relation between settings
         */
        public Training build() {
            recipe = recipe.with(settings);
            settings.clear();
            if (output == null) {
                output = Path.of(
                        "vmodel-runs", family.name() + "-" + (variant == null ? GeneratedModel.DEFAULTS : variant));
            }
            return new Training(this);
        }
    }
}
