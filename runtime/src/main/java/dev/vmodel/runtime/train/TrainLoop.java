package dev.vmodel.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.train.optim.OptimizerSettings;
import dev.vmodel.runtime.train.optim.ParameterOptimizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training steps of a block on one fixed synthetic batch: a smoke test that a model trains (its loss
 * falls as it memorises the batch) and the step the throughput benchmark times.
 *
 * <p>The batch is seeded random: inputs {@code N(0, 1)} of the given shape (batch axis first) and
 * labels uniform in {@code [0, classes)}. A training step is forward, softmax cross-entropy,
 * backward ({@link GradientCollector}) and an AdamW update (by default learning rate {@code 1e-3},
 * weight decay {@code 0.01} on weights, not on biases and norms) by the {@link ParameterOptimizer}
 * that {@code vmodel:train} uses, so the benchmark times the update users train with; an inference
 * step is a forward pass outside a gradient collector (grad mode off). Every array a step creates
 * lives in a per-step sub-manager of the trainer's manager, closed when the step ends, so native
 * memory stays flat across steps.
 *
 * <pre>{@code
 * try (TrainLoop loop = TrainLoop.builder(block, new Shape(4, 3, 224, 224), 1000).build()) {
 *     TrainLoop.Result r = loop.train(5);
 *     System.out.println(r.firstLoss() + " -> " + r.lastLoss());
 * }
 * }</pre>
 *
 * <p>The loop owns a DJL {@link Model} and {@link Trainer} that take the block over: close the loop
 * to free them (and the block's parameters).
 */
public final class TrainLoop implements AutoCloseable {

    /** AdamW learning rate unless set. */
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;

    /** AdamW weight decay unless set. */
    public static final float DEFAULT_WEIGHT_DECAY = 0.01f;

    /** Seed of initialisation and of the synthetic batch unless set. */
    public static final int DEFAULT_SEED = 42;

    private final Block block;
    private final Shape inputShape;
    private final long classes;
    private final Model model;
    private final Trainer trainer;
    private final ParameterOptimizer optimizer;
    private final double learningRate;
    private final Loss loss;
    private final NDManager base;
    private final NDArray x;
    private final NDArray y;

    private TrainLoop(Builder b) {
        this.block = b.block;
        this.inputShape = b.inputShape;
        this.classes = b.classes;
        Engines.engine(); // offline mode before anything touches the engine
        Engines.seed(b.seed);
        Model m = Model.newInstance("vmodel-train", Device.cpu(), Engines.ENGINE_NAME);
        Trainer t = null;
        ParameterOptimizer opt = null;
        try {
            m.setBlock(block);
            // The trainer runs the forward pass and the loss; the update is the optimizer's.
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optDevices(new Device[] {Device.cpu()});
            t = m.newTrainer(config);
            t.initialize(inputShape);
            // Stable names, as vmodel:train has them, so that weight decay picks the same parameters.
            Map<String, Parameter> params;
            if (block instanceof SpecModel spec) {
                params = spec.parametersByName();
            } else {
                params = new LinkedHashMap<>();
                for (var p : block.getParameters()) {
                    params.put(p.getKey(), p.getValue());
                }
            }
            opt = ParameterOptimizer.create(
                    OptimizerSettings.adamw(b.weightDecay), ParameterOptimizer.trainable(params));
            base = t.getManager();
            x = base.randomNormal(inputShape);
            y = base.randomInteger(0, classes, new Shape(inputShape.get(0)), DataType.INT64);
        } catch (RuntimeException | Error e) {
            if (opt != null) {
                opt.close();
            }
            if (t != null) {
                t.close();
            }
            m.close();
            throw e;
        }
        this.model = m;
        this.trainer = t;
        this.optimizer = opt;
        this.learningRate = b.learningRate;
        this.loss = t.getLoss();
    }

    /**
     * Starts a loop for {@code block} on inputs of {@code inputShape}.
     *
     * @param block the model, not yet initialised (the loop initialises it for {@code inputShape})
     * @param inputShape the shape of one batch, batch axis first
     * @param classes the number of classes the block's output {@code [B, classes]} scores
     * @return a builder; {@link Builder#build()} creates the trainer and the batch
     */
    public static Builder builder(Block block, Shape inputShape, long classes) {
        return new Builder(block, inputShape, classes);
    }

    /**
     * One training step: forward, loss, backward, optimizer step.
     *
     * @param readLoss whether to copy the loss to the JVM (a host sync; leave it off in timed
     *     loops)
     * @return the loss before the update, or {@code NaN} if not read
     */
    public float trainStep(boolean readLoss) {
        float value = Float.NaN;
        NDManager step = base.newSubManager();
        try {
            NDList in = stepInputs(step);
            NDList labels = stepLabels(step);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray pred = trainer.forward(in).singletonOrThrow();
                NDArray l = loss.evaluate(labels, new NDList(pred));
                gc.backward(l);
                if (readLoss) {
                    value = l.getFloat();
                }
            }
            optimizer.step(learningRate);
        } finally {
            step.close();
        }
        return value;
    }

    /**
     * One training step that reads its loss.
     *
     * @return the loss before the update
     */
    public float trainStep() {
        return trainStep(true);
    }

    /**
     * One training step, timed by phase (the phases of the shared benchmark's breakdown).
     *
     * @return nanoseconds of {forward and loss, backward, optimizer step, closing the step's arrays}
     */
    public long[] trainStepPhases() {
        long t0 = System.nanoTime();
        NDManager step = base.newSubManager();
        long t1;
        long t2;
        long t3;
        try {
            NDList in = stepInputs(step);
            NDList labels = stepLabels(step);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray pred = trainer.forward(in).singletonOrThrow();
                NDArray l = loss.evaluate(labels, new NDList(pred));
                t1 = System.nanoTime();
                gc.backward(l);
                t2 = System.nanoTime();
            }
            optimizer.step(learningRate);
            t3 = System.nanoTime();
        } finally {
            step.close();
        }
        long t4 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
    }

    /** One inference step: a forward pass of the batch without gradients; the output is freed. */
    public void inferStep() {
        try (NDManager step = base.newSubManager()) {
            trainer.evaluate(stepInputs(step));
        }
    }

    /**
     * The scores of the fixed batch in inference mode.
     *
     * @return the output, {@code [batch, classes]} row by row
     */
    public float[] predict() {
        try (NDManager step = base.newSubManager()) {
            return trainer.evaluate(stepInputs(step)).singletonOrThrow().toFloatArray();
        }
    }

    /**
     * Runs {@code steps} training steps, each reading its loss.
     *
     * @param steps the number of steps, at least 1
     * @return the loss and the wall time of every step
     */
    public Result train(int steps) {
        return train(steps, null);
    }

    /**
     * Runs {@code steps} training steps, each reading its loss, and reports each as it ends.
     *
     * @param steps the number of steps, at least 1
     * @param progress called after each step with its index (from 0), loss and nanoseconds; may be
     *     null
     * @return the loss and the wall time of every step
     */
    public Result train(int steps, StepListener progress) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        float[] losses = new float[steps];
        long[] nanos = new long[steps];
        for (int i = 0; i < steps; i++) {
            long t = System.nanoTime();
            losses[i] = trainStep(true);
            nanos[i] = System.nanoTime() - t;
            if (progress != null) {
                progress.stepDone(i, losses[i], nanos[i]);
            }
        }
        return new Result(losses, nanos);
    }

    /**
     * Returns the number of scalar parameters of the block, as PyTorch's {@code parameters()} counts
     * them (buffers left out).
     *
     * @return the parameter count
     */
    public long parameterCount() {
        return ModelStats.parameterCount(block);
    }

    /**
     * Returns the number of buffer scalars of the block (BatchNorm running statistics), which
     * {@link #parameterCount()} leaves out as PyTorch does.
     *
     * @return the buffer count
     */
    public long bufferCount() {
        return ModelStats.bufferCount(block);
    }

    /**
     * Returns the number of arrays the model's manager (trainer, parameters and the fixed batch
     * included; the optimizer's state has a manager of its own) holds now; constant from the second
     * training step on.
     *
     * @return the number of live arrays under the model's manager
     */
    public int liveArrays() {
        return model.getNDManager().getManagedArrays().size();
    }

    /**
     * Returns the shape of the batch.
     *
     * @return the input shape, batch axis first
     */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Returns the batch size.
     *
     * @return the first axis of the input shape
     */
    public long batchSize() {
        return inputShape.get(0);
    }

    /**
     * Returns the class count.
     *
     * @return the number of classes
     */
    public long classes() {
        return classes;
    }

    /**
     * Returns the block being trained.
     *
     * @return the block
     */
    public Block block() {
        return block;
    }

    /** Frees the trainer, the model, the batch and the block's parameters. */
    @Override
    public void close() {
        try {
            optimizer.close();
            trainer.close();
        } finally {
            model.close();
        }
    }

    /** A view of the fixed input owned by {@code step}, so that everything computed from it is. */
    private NDList stepInputs(NDManager step) {
        NDArray xs = x.reshape(inputShape);
        xs.attach(step);
        return new NDList(xs);
    }

    private NDList stepLabels(NDManager step) {
        NDArray ys = y.reshape(y.getShape());
        ys.attach(step);
        return new NDList(ys);
    }

    /** Called after each step of {@link #train(int, StepListener)}. */
    @FunctionalInterface
    public interface StepListener {
        /**
         * A step has ended.
         *
         * @param step the index of the step, from 0
         * @param loss its loss
         * @param nanos its wall time
         */
        void stepDone(int step, float loss, long nanos);
    }

    /**
     * Per-step losses and wall times.
     *
     * @param losses the loss of each step, before its update
     * @param nanos the wall time of each step
     */
    public record Result(float[] losses, long[] nanos) {

        /**
         * Returns the loss of the first step.
         *
         * @return the first loss
         */
        public float firstLoss() {
            return losses[0];
        }

        /**
         * Returns the loss of the last step.
         *
         * @return the last loss
         */
        public float lastLoss() {
            return losses[losses.length - 1];
        }

        /**
         * Returns the wall time of step {@code i} in milliseconds.
         *
         * @param i the step index
         * @return milliseconds
         */
        public double millis(int i) {
            return nanos[i] / 1e6;
        }
    }

    /** Options of a {@link TrainLoop}. */
    public static final class Builder {
        private final Block block;
        private final Shape inputShape;
        private final long classes;
        private float learningRate = DEFAULT_LEARNING_RATE;
        private float weightDecay = DEFAULT_WEIGHT_DECAY;
        private int seed = DEFAULT_SEED;

        private Builder(Block block, Shape inputShape, long classes) {
            if (block == null) {
                throw new IllegalArgumentException("block must not be null");
            }
            if (inputShape == null || inputShape.dimension() < 2 || inputShape.get(0) < 1) {
                throw new IllegalArgumentException(
                        "input shape needs a batch axis and at least one more, got " + inputShape);
            }
            if (classes < 2) {
                throw new IllegalArgumentException("need at least 2 classes, got " + classes);
            }
            this.block = block;
            this.inputShape = inputShape;
            this.classes = classes;
        }

        /**
         * Sets AdamW's (fixed) learning rate.
         *
         * @param learningRate the learning rate, positive
         * @return this builder
         */
        public Builder learningRate(float learningRate) {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be positive");
            }
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets AdamW's decoupled weight decay.
         *
         * @param weightDecay the weight decay, at least 0
         * @return this builder
         */
        public Builder weightDecay(float weightDecay) {
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weight decay must be at least 0");
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the seed of initialisation and of the synthetic batch.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Creates the model, the trainer and the batch, and initialises the block.
         *
         * @return the loop; close it when done
         */
        public TrainLoop build() {
            return new TrainLoop(this);
        }
    }
}
