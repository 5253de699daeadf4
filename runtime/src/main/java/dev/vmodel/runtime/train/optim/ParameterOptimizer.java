package dev.vmodel.runtime.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer over named parameters whose whole state is named arrays, so a checkpoint can save and
 * restore it exactly. The updates follow PyTorch's {@code torch.optim} to the formula (see {@link
 * OptimizerSettings}); they are plain {@link NDArray} arithmetic rather than DJL's fused {@code
 * adamUpdate}/{@code sgdUpdate}, whose PyTorch kernels differ from {@code torch.optim}: Adam adds
 * epsilon to the uncorrected {@code sqrt(v)}, takes its coefficients as floats ({@code 1 - 0.999f}
 * is off by 1.3e-5) and its {@code clipGrad} clamps from above only; SGD's momentum buffer holds
 * {@code lr * grad}, so it is wrong as soon as the learning rate changes, and has no Nesterov
 * variant.
 *
 * <p>A training step is: forward and {@code backward} in a {@link
 * ai.djl.training.GradientCollector}, optionally {@link GradientClipping#clipGlobalNorm}, then
 * {@link #step(double)} after the collector is closed. {@code step} zeroes the gradients it used:
 * DJL's PyTorch gradient collector neither zeroes them when it opens nor when it closes, so without
 * this the gradients of successive steps would add up.
 *
 * <p>The updates run on detached views of the parameter arrays (PyTorch's {@code detach()}, same
 * storage), so autograd records nothing even if a collector is open, and every temporary array lives
 * in a sub-manager closed at the end of the step: the optimizer's manager holds exactly its state
 * arrays from creation on.
 */
public abstract class ParameterOptimizer implements AutoCloseable {

    /** Every element of an array. */
    private static final NDIndex ALL = new NDIndex("...");

    /** The name of the update count in {@link #state()}. */
    public static final String STEP_KEY = "step";

    private final List<String> names;
    private final List<Parameter> params;
    private final boolean[] decays;
    private final NDManager manager;
    private final NDArray stepArray;
    private long steps;

    /**
     * Checks the parameters and creates the manager of the state.
     *
     * @param params stable name to trainable, initialised parameter
     */
    protected ParameterOptimizer(Map<String, Parameter> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("no parameters to optimize");
        }
        List<String> n = new ArrayList<>(params.size());
        List<Parameter> p = new ArrayList<>(params.size());
        decays = new boolean[params.size()];
        NDManager owner = null;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter parameter = e.getValue();
            if (!parameter.isInitialized()) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " is not initialised");
            }
            if (!parameter.requiresGradient()) {
                throw new IllegalArgumentException("parameter " + e.getKey()
                        + " does not require a gradient (a buffer?); pass trainable ones only");
            }
            NDArray array = parameter.getArray();
            if (array.getDataType() != DataType.FLOAT32 && array.getDataType() != DataType.FLOAT64) {
                throw new IllegalArgumentException(
                        "parameter " + e.getKey() + " is " + array.getDataType() + ", not a float array");
            }
            if (owner == null) {
                owner = array.getManager();
            }
            decays[n.size()] = WeightDecay.applies(e.getKey(), array.getShape());
            n.add(e.getKey());
            p.add(parameter);
        }
        this.names = Collections.unmodifiableList(n);
        this.params = p;
        // A base manager of the parameters' engine and device, not a child of the model's manager:
        // the optimizer's state outlives nothing it does not own, and close() frees exactly it.
        this.manager = owner.getEngine().newBaseManager(owner.getDevice());
        this.stepArray = manager.create(new long[] {0});
    }

    /**
     * Creates the optimizer {@code s} names.
     *
     * @param s the settings
     * @param params stable name to parameter, trainable ones only (the caller filters), in a stable
     *     order; the state arrays live in a manager the optimizer owns (closed by {@link #close()})
     * @return a new optimizer with zero state
     * @throws IllegalArgumentException if a parameter is not initialised, does not require a
     *     gradient or is not a float array
     */
    public static ParameterOptimizer create(OptimizerSettings s, Map<String, Parameter> params) {
        switch (s.name()) {
            case "adamw":
                return new AdamOptimizer(params, s, true);
            case "adam":
                return new AdamOptimizer(params, s, false);
            default:
                return new SgdOptimizer(params, s);
        }
    }

    /**
     * Returns the parameters an optimizer takes: those that require a gradient, in the given order
     * (buffers such as BatchNorm running statistics left out).
     *
     * @param all stable name to parameter, as {@code SpecModel.parametersByName()} returns them
     * @return the trainable ones, a new map
     */
    public static Map<String, Parameter> trainable(Map<String, Parameter> all) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        all.forEach((name, p) -> {
            if (p.requiresGradient()) {
                out.put(name, p);
            }
        });
        return out;
    }

    /**
     * One update of every parameter from its current gradient at learning rate {@code lr}, weight
     * decay only where {@link WeightDecay#applies}; then the gradients are zeroed. Runs without
     * recording gradients.
     *
     * <p>A parameter that has never had a gradient is updated with a zero one (DJL's {@code
     * getGradient} cannot tell "none" from zero), so its decay and momentum still act, where
     * PyTorch would skip it; every parameter of a model is normally reached by each backward pass.
     * Gradients zeroed by subtraction stay NaN where they were NaN: skip such a step with {@link
     * #zeroGradients()} after checking the loss or the norm {@link GradientClipping} returns.
     *
     * @param lr the learning rate, finite and at least 0
     */
    public final void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and at least 0, got " + lr);
        }
        steps++;
        try (NDManager scratch = manager.newSubManager()) {
            for (int i = 0; i < params.size(); i++) {
                NDArray array = params.get(i).getArray();
                NDArray weight = array.stopGradient();
                weight.attach(scratch);
                NDArray grad = array.getGradient();
                grad.attach(scratch);
                if (!update(i, weight, grad, lr, decays[i], scratch)) {
                    grad.subi(grad);
                }
            }
        }
    }

    /**
     * Updates one parameter in place.
     *
     * @param index the parameter's index in {@link #names()}
     * @param weight a detached view of the parameter, owned by {@code scratch}: update it in place
     * @param grad its gradient, owned by {@code scratch}: leave it unchanged, or zero it by
     *     subtraction (so NaN stays NaN) and return true
     * @param lr the learning rate
     * @param decay whether weight decay applies to this parameter
     * @param scratch the manager of every temporary; state arrays used in non-in-place arithmetic
     *     must be {@code tempAttach}ed to it first, so that results land in it
     * @return whether the update zeroed the gradient (otherwise the caller does)
     */
    protected abstract boolean update(
            int index, NDArray weight, NDArray grad, double lr, boolean decay, NDManager scratch);

    /**
     * Returns the number of updates done so far (PyTorch's {@code step} of every parameter).
     *
     * @return the update count
     */
    public long steps() {
        return steps;
    }

    /**
     * Returns the parameter names, in update order.
     *
     * @return the stable names
     */
    public List<String> names() {
        return names;
    }

    /**
     * Tells whether weight decay applies to the parameter of a name.
     *
     * @param name a stable name from {@link #names()}
     * @return whether it is decayed
     */
    public boolean decays(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return decays[i];
    }

    /**
     * Sets the gradients of every parameter to zero without an update, NaN and infinite entries
     * included (for a skipped step; the update count is unchanged).
     */
    public void zeroGradients() {
        try (NDManager scratch = manager.newSubManager()) {
            for (Parameter p : params) {
                NDArray grad = p.getArray().getGradient();
                grad.attach(scratch);
                // A fill, not arithmetic: NaN - NaN and NaN * 0 are NaN. Not copyTo either: it
                // re-points the gradient's storage at a Java buffer freed after this scope.
                grad.set(ALL, 0f);
            }
        }
    }

    /**
     * The whole state by name: {@value #STEP_KEY} (a 1-element int64 array, the update count), then
     * per parameter in order the arrays of {@link #stateKinds()} as {@code <kind>/<name>} ({@code
     * exp_avg/blocks.0.attn.qkv.weight}).
     *
     * <p>The arrays are the live state, not copies: read them (write them to a file) before the next
     * {@link #step(double)}, and do not close or modify them.
     *
     * @return the state, in a stable order
     */
    public final Map<String, NDArray> state() {
        stepArray.set(new long[] {steps});
        Map<String, NDArray> state = new LinkedHashMap<>();
        state.put(STEP_KEY, stepArray);
        List<String> kinds = stateKinds();
        for (int i = 0; i < names.size(); i++) {
            for (int k = 0; k < kinds.size(); k++) {
                state.put(kinds.get(k) + "/" + names.get(i), stateArray(k, i));
            }
        }
        return state;
    }

    /**
     * Restores a state that {@link #state()} returned, of an optimizer of the same kind over
     * parameters of the same names and shapes; the values are copied.
     *
     * @param state the state by name
     * @throws IllegalArgumentException naming the first missing, extra or mis-shaped entry; nothing
     *     is changed then
     */
    public final void loadState(Map<String, NDArray> state) {
        Map<String, NDArray> mine = state();
        for (Map.Entry<String, NDArray> e : mine.entrySet()) {
            NDArray given = state.get(e.getKey());
            if (given == null) {
                throw new IllegalArgumentException("optimizer state has no entry " + e.getKey());
            }
            Shape want = e.getValue().getShape();
            if (!given.getShape().equals(want)
                    || given.getDataType() != e.getValue().getDataType()) {
                throw new IllegalArgumentException("optimizer state entry " + e.getKey() + " is " + given.getDataType()
                        + given.getShape() + ", expected " + e.getValue().getDataType() + want);
            }
        }
        for (String key : state.keySet()) {
            if (!mine.containsKey(key)) {
                throw new IllegalArgumentException("optimizer state has an unexpected entry " + key);
            }
        }
        long loaded = state.get(STEP_KEY).toLongArray()[0];
        if (loaded < 0) {
            throw new IllegalArgumentException("optimizer state entry step is negative: " + loaded);
        }
        for (Map.Entry<String, NDArray> e : mine.entrySet()) {
            if (!e.getKey().equals(STEP_KEY)) {
                state.get(e.getKey()).copyTo(e.getValue());
            }
        }
        steps = loaded;
    }

    /**
     * The kinds of per-parameter state, as PyTorch names them in its state dict ({@code exp_avg},
     * {@code exp_avg_sq}, {@code momentum_buffer}); empty for plain SGD.
     *
     * @return the kinds, in order
     */
    protected abstract List<String> stateKinds();

    /**
     * Returns one state array.
     *
     * @param kind the index in {@link #stateKinds()}
     * @param index the parameter index
     * @return the live array
     */
    protected abstract NDArray stateArray(int kind, int index);

    /**
     * Creates a zero array shaped like a parameter, in the optimizer's manager.
     *
     * @param index the parameter index
     * @return a new zero array
     */
    protected final NDArray zerosLikeParameter(int index) {
        NDArray p = params.get(index).getArray();
        return manager.zeros(p.getShape(), p.getDataType());
    }

    /**
     * Returns the number of parameters.
     *
     * @return the count
     */
    protected final int size() {
        return params.size();
    }

    /**
     * Returns the manager that holds the state; its array count stays constant across steps.
     *
     * @return the optimizer's manager
     */
    public NDManager manager() {
        return manager;
    }

    /** Frees the state. The parameters are not the optimizer's and stay open. */
    @Override
    public void close() {
        manager.close();
    }
}
