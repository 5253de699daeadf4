package dev.vmodel.runtime.init;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.function.Consumer;

/**
 * Initialisers matching PyTorch, and helpers that attach them to parameters.
 *
 * <p>Attach initialisers <em>before</em> the block is initialised: DJL only initialises parameters
 * that have no array yet. Typical generated code:
 *
 * <pre>{@code
 * Inits.torchDefaults(model);                                  // nn.Linear / nn.Conv2d defaults
 * Inits.applyTo(model, Linear.class, "weight", Inits.truncNormal(0.02f));
 * Inits.applyTo(model, Linear.class, "bias", Inits.zeros());
 * Inits.apply(spatialLinear, "weight", Inits.normal(1e-6f));  // one layer's override
 * }</pre>
 *
 * <p>Formulas (fans as {@link Fans}): xavier uniform {@code U(±g·√(6/(fan_in+fan_out)))}; xavier
 * normal {@code N(0, g²·2/(fan_in+fan_out))}; kaiming normal {@code N(0, gain²/fan)}, kaiming
 * uniform {@code U(±gain·√(3/fan))} with {@code gain = √(2/(1+a²))}; lecun normal a truncated
 * normal with standard deviation {@code √(1/fan_in)}.
 */
public final class Inits {

    /** {@code √5}, the {@code a} of PyTorch's default {@code kaiming_uniform_} for layers. */
    public static final double TORCH_DEFAULT_A = Math.sqrt(5.0);

    private Inits() {}

    // ---------------------------------------------------------------- distributions

    /**
     * PyTorch {@code xavier_uniform_(gain=1)}: {@code U(-a, a)}, {@code a = √(6/(fan_in +
     * fan_out))}.
     *
     * @return the initialiser
     */
    public static Initializer xavierUniform() {
        return xavierUniform(1.0);
    }

    /**
     * PyTorch {@code xavier_uniform_(gain)}: {@code U(-a, a)}, {@code a = gain·√(6/(fan_in +
     * fan_out))}.
     *
     * @param gain the gain
     * @return the initialiser
     */
    public static Initializer xavierUniform(double gain) {
        return new VarianceScaling(gain * gain, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.UNIFORM);
    }

    /**
     * PyTorch {@code xavier_normal_(gain=1)}: {@code N(0, 2/(fan_in + fan_out))}.
     *
     * @return the initialiser
     */
    public static Initializer xavierNormal() {
        return xavierNormal(1.0);
    }

    /**
     * PyTorch {@code xavier_normal_(gain)}: {@code N(0, gain²·2/(fan_in + fan_out))}.
     *
     * @param gain the gain
     * @return the initialiser
     */
    public static Initializer xavierNormal(double gain) {
        return new VarianceScaling(gain * gain, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.NORMAL);
    }

    /**
     * PyTorch {@code kaiming_normal_()} with its defaults (a = 0, mode fan_in, leaky_relu, so gain
     * √2): {@code N(0, 2/fan_in)}.
     *
     * @return the initialiser
     */
    public static Initializer kaimingNormal() {
        return kaimingNormal(0.0, VarianceScaling.Mode.FAN_IN);
    }

    /**
     * PyTorch {@code kaiming_normal_(mode=mode)} (gain √2): {@code N(0, 2/fan)}.
     *
     * @param mode {@link VarianceScaling.Mode#FAN_IN} or {@link VarianceScaling.Mode#FAN_OUT}
     * @return the initialiser
     */
    public static Initializer kaimingNormal(VarianceScaling.Mode mode) {
        return kaimingNormal(0.0, mode);
    }

    /**
     * PyTorch {@code kaiming_normal_(a, mode, nonlinearity='leaky_relu')}: {@code N(0, gain²/fan)},
     * {@code gain = √(2/(1+a²))}.
     *
     * @param a the negative slope of the rectifier (0 for ReLU)
     * @param mode the fan
     * @return the initialiser
     */
    public static Initializer kaimingNormal(double a, VarianceScaling.Mode mode) {
        return new VarianceScaling(2.0 / (1.0 + a * a), mode, VarianceScaling.Distribution.NORMAL);
    }

    /**
     * PyTorch {@code kaiming_uniform_()} with its defaults (a = 0, fan_in): {@code
     * U(±√(6/fan_in))}.
     *
     * @return the initialiser
     */
    public static Initializer kaimingUniform() {
        return kaimingUniform(0.0, VarianceScaling.Mode.FAN_IN);
    }

    /**
     * PyTorch {@code kaiming_uniform_(a, mode, nonlinearity='leaky_relu')}: {@code U(-b, b)},
     * {@code b = gain·√(3/fan)}, {@code gain = √(2/(1+a²))}.
     *
     * @param a the negative slope of the rectifier
     * @param mode the fan
     * @return the initialiser
     */
    public static Initializer kaimingUniform(double a, VarianceScaling.Mode mode) {
        return new VarianceScaling(2.0 / (1.0 + a * a), mode, VarianceScaling.Distribution.UNIFORM);
    }

    /**
     * timm {@code lecun_normal_} / JAX {@code lecun_normal()}: a normal truncated at two of its
     * standard deviations, scaled so that the result has standard deviation {@code √(1/fan_in)}.
     *
     * @return the initialiser
     */
    public static Initializer lecunNormal() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    /**
     * PyTorch {@code normal_(std=std)}: {@code N(0, std²)}, untruncated.
     *
     * @param std the standard deviation
     * @return the initialiser
     */
    public static Initializer normal(float std) {
        return new NormalInit(0f, std);
    }

    /**
     * PyTorch {@code normal_(mean, std)}: {@code N(mean, std²)}, untruncated.
     *
     * @param mean the mean
     * @param std the standard deviation
     * @return the initialiser
     */
    public static Initializer normal(float mean, float std) {
        return new NormalInit(mean, std);
    }

    /**
     * PyTorch {@code trunc_normal_(std=std)}: {@code N(0, std²)} truncated to the absolute interval
     * {@code [-2, 2]} (for the usual small {@code std}, no truncation in effect).
     *
     * @param std the standard deviation of the untruncated normal
     * @return the initialiser
     */
    public static Initializer truncNormal(float std) {
        return new TruncatedNormalInit(0f, std, -2f, 2f);
    }

    /**
     * PyTorch {@code trunc_normal_(mean, std, a, b)}, cuts {@code a} and {@code b} absolute.
     *
     * @param mean the mean of the untruncated normal
     * @param std its standard deviation
     * @param a the lower cut
     * @param b the upper cut
     * @return the initialiser
     */
    public static Initializer truncNormal(float mean, float std, float a, float b) {
        return new TruncatedNormalInit(mean, std, a, b);
    }

    /**
     * PyTorch {@code uniform_(-a, a)}.
     *
     * @param a the half-width, non-negative
     * @return the initialiser
     */
    public static Initializer uniform(float a) {
        return new UniformInit(-a, a);
    }

    /**
     * PyTorch {@code uniform_(low, high)}.
     *
     * @param low the lower bound
     * @param high the upper bound
     * @return the initialiser
     */
    public static Initializer uniform(float low, float high) {
        return new UniformInit(low, high);
    }

    /**
     * PyTorch {@code zeros_}.
     *
     * @return the initialiser
     */
    public static Initializer zeros() {
        return Initializer.ZEROS;
    }

    /**
     * PyTorch {@code ones_}.
     *
     * @return the initialiser
     */
    public static Initializer ones() {
        return Initializer.ONES;
    }

    /**
     * PyTorch {@code constant_(value)}.
     *
     * @param value the value
     * @return the initialiser
     */
    public static Initializer constant(float value) {
        return new ConstantInitializer(value);
    }

    /**
     * The default weight initialisation of PyTorch's {@code nn.Linear} and {@code nn.Conv*d}:
     * {@code kaiming_uniform_(a=√5)}, i.e. {@code U(±1/√fan_in)}.
     *
     * @return the initialiser
     */
    public static Initializer torchDefaultWeight() {
        return kaimingUniform(TORCH_DEFAULT_A, VarianceScaling.Mode.FAN_IN);
    }

    /**
     * The default bias initialisation of PyTorch's {@code nn.Linear} and {@code nn.Conv*d}: {@code
     * U(±1/√fan_in)} with {@code fan_in} of {@code weight}.
     *
     * @param weight the layer's weight parameter
     * @return the initialiser
     */
    public static Initializer torchDefaultBias(Parameter weight) {
        return new TorchBiasInit(weight);
    }

    // ---------------------------------------------------------------- attaching

    /**
     * Returns the direct parameter {@code name} of {@code block}.
     *
     * @param block the block
     * @param name the parameter name, e.g. {@code "weight"}
     * @return the parameter
     * @throws IllegalArgumentException if the block has no such direct parameter
     */
    public static Parameter parameter(Block block, String name) {
        Parameter p = block.getDirectParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException(block.getClass().getSimpleName()
                    + " has no parameter "
                    + name
                    + "; it has "
                    + block.getDirectParameters().keys());
        }
        return p;
    }

    /**
     * Sets the initialiser of the direct parameter {@code name} of {@code block} (DJL's {@code
     * Block.setInitializer(init, name)}, with a message listing the names on a miss).
     *
     * @param block the block, e.g. a {@code Linear}
     * @param name the parameter name, e.g. {@code "weight"} or {@code "bias"}
     * @param init the initialiser
     * @throws IllegalArgumentException if the block has no such direct parameter
     */
    public static void apply(Block block, String name, Initializer init) {
        parameter(block, name).setInitializer(init);
    }

    /**
     * Sets the initialiser of every parameter of type {@code type} in {@code block} and its
     * descendants.
     *
     * @param block the root block
     * @param type the parameter type
     * @param init the initialiser
     */
    public static void apply(Block block, Parameter.Type type, Initializer init) {
        block.setInitializer(init, type);
    }

    /**
     * Sets the initialiser of the direct parameter {@code name} of every block of class {@code
     * kind} (subclasses included) in the tree under {@code root}, the root included; blocks of that
     * kind without such a parameter (a {@code Linear} without bias) are skipped.
     *
     * @param root the root block
     * @param kind the block class, e.g. {@code Linear.class}
     * @param name the parameter name
     * @param init the initialiser
     * @return the number of parameters set
     */
    public static int applyTo(Block root, Class<? extends Block> kind, String name, Initializer init) {
        int[] count = {0};
        forEachBlock(root, b -> {
            if (kind.isInstance(b)) {
                Parameter p = b.getDirectParameters().get(name);
                if (p != null) {
                    p.setInitializer(init);
                    count[0]++;
                }
            }
        });
        return count[0];
    }

    /**
     * Gives one {@code Linear} or convolution PyTorch's default initialisation: weight {@link
     * #torchDefaultWeight()}, bias (if any) {@link #torchDefaultBias(Parameter)}.
     *
     * @param layer a block with a direct {@code weight} and an optional {@code bias}
     */
    public static void torchDefault(Block layer) {
        Parameter weight = parameter(layer, "weight");
        weight.setInitializer(torchDefaultWeight());
        Parameter bias = layer.getDirectParameters().get("bias");
        if (bias != null) {
            bias.setInitializer(torchDefaultBias(weight));
        }
    }

    /**
     * Gives every {@link Linear} and {@link Convolution} under {@code root} PyTorch's default
     * initialisation (see {@link #torchDefault(Block)}); DJL's own default is Kaiming normal
     * weights and zero biases.
     *
     * @param root the root block
     * @return the number of layers set
     */
    public static int torchDefaults(Block root) {
        int[] count = {0};
        forEachBlock(root, b -> {
            if (b instanceof Linear || b instanceof Convolution) {
                torchDefault(b);
                count[0]++;
            }
        });
        return count[0];
    }

    /**
     * Gives a {@code Linear} or convolution the weight and bias initialisers a spec names; {@code
     * null} stands for PyTorch's default of that parameter. Returns the layer, so that generated
     * code can initialise a child where it creates it.
     *
     * @param layer a block with a direct {@code weight} and an optional {@code bias}
     * @param weight the weight initialiser, or null for PyTorch's default
     * @param bias the bias initialiser, or null for PyTorch's default
     * @param <B> the layer type
     * @return {@code layer}
     */
    public static <B extends Block> B weights(B layer, Initializer weight, Initializer bias) {
        torchDefault(layer);
        if (weight != null) {
            apply(layer, "weight", weight);
        }
        Parameter b = layer.getDirectParameters().get("bias");
        if (bias != null && b != null) {
            b.setInitializer(bias);
        }
        return layer;
    }

    /**
     * {@link #weights(Block, Initializer, Initializer)} for every {@code Linear} inside a composite
     * block (the projections of attention, the scorer of sequence pooling).
     *
     * @param block the composite block
     * @param weight the weight initialiser, or null for PyTorch's default
     * @param bias the bias initialiser, or null for PyTorch's default
     * @param <B> the block type
     * @return {@code block}
     */
    public static <B extends Block> B linearWeights(B block, Initializer weight, Initializer bias) {
        forEachBlock(block, b -> {
            if (b instanceof Linear) {
                weights(b, weight, bias);
            }
        });
        return block;
    }

    /**
     * Sets the initialiser of one direct parameter and returns the block; {@code null} keeps the
     * block's own default.
     *
     * @param block the block
     * @param name the parameter name
     * @param init the initialiser, or null
     * @param <B> the block type
     * @return {@code block}
     */
    public static <B extends Block> B parameter(B block, String name, Initializer init) {
        if (init != null) {
            apply(block, name, init);
        }
        return block;
    }

    /**
     * Visits {@code root} and all its descendants, parents before children.
     *
     * @param root the root block
     * @param visitor the visitor
     */
    public static void forEachBlock(Block root, Consumer<Block> visitor) {
        visitor.accept(root);
        for (Pair<String, Block> child : root.getChildren()) {
            forEachBlock(child.getValue(), visitor);
        }
    }
}
