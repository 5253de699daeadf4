package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A 3 x 3 convolution of a batch of two images, its input's and its weight's gradients, against the
 * same computed one image at a time: libtorch hands a batch of one image of this size to its own
 * kernels, not to oneDNN. {@link ChannelsLastConv2dTest} runs it in this JVM and, with every
 * allocation filled with NaN, as a program in a child JVM; the program prints {@code
 * empty-is-nan=true|false} (whether a fresh array reads NaN, i.e. the filling is on) and a line
 * {@code kind=... in=... out=... nonfinite=N error=E} for each layer and channel count.
 */
public final class ConvolutionProbe {

    /** Channel counts in and out: multiples of 16 and others. */
    static final int[][] CHANNELS = {{8, 8}, {24, 8}, {8, 24}, {24, 24}, {40, 24}, {16, 32}};

    private ConvolutionProbe() {}

    /** What a batch's pass gave against the one-image-at-a-time reference. */
    record Outcome(int nonFinite, double error) {}

    /**
     * The batch of two through a fresh layer from {@code builder}, against the reference.
     *
     * @return the count of non-finite values in the output and both gradients, and their largest
     *     difference from the reference relative to the reference's largest value (each of the
     *     three arrays on its own)
     */
    static Outcome run(NDManager m, Supplier<Conv2d.Builder> builder, int in, int out) {
        long[] imageShape = {2, in, 4, 4};
        float[] image = wave(2 * in * 16, 0.37);
        float[] weight = wave(out * in * 9, 0.61);
        float[] outputWeights = wave(2 * out * 16, 0.23); // the loss: sum(output * outputWeights)
        List<float[]> batch = pass(m, builder.get(), image, imageShape, weight, outputWeights);
        int imageSize = in * 16;
        int outputSize = out * 16;
        float[] referenceOutput = new float[outputWeights.length];
        float[] referenceImageGradient = new float[image.length];
        float[] referenceWeightGradient = new float[weight.length];
        for (int i = 0; i < 2; i++) {
            List<float[]> one = pass(
                    m,
                    Conv2d.builder(),
                    Arrays.copyOfRange(image, i * imageSize, (i + 1) * imageSize),
                    new long[] {1, in, 4, 4},
                    weight,
                    Arrays.copyOfRange(outputWeights, i * outputSize, (i + 1) * outputSize));
            System.arraycopy(one.get(0), 0, referenceOutput, i * outputSize, outputSize);
            System.arraycopy(one.get(1), 0, referenceImageGradient, i * imageSize, imageSize);
            for (int j = 0; j < weight.length; j++) referenceWeightGradient[j] += one.get(2)[j];
        }
        List<float[]> reference = List.of(referenceOutput, referenceImageGradient, referenceWeightGradient);
        int nonFinite = 0;
        double error = 0;
        for (int k = 0; k < 3; k++) {
            float[] got = batch.get(k);
            float[] want = reference.get(k);
            double scale = 0;
            for (float v : want) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < got.length; j++) {
                if (!Float.isFinite(got[j])) {
                    nonFinite++;
                } else {
                    error = Math.max(error, Math.abs(got[j] - want[j]) / scale);
                }
            }
        }
        return new Outcome(nonFinite, error);
    }

    /** Output, input gradient and weight gradient of one pass through a 3 x 3 layer, padding 1. */
    private static List<float[]> pass(
            NDManager parent,
            Conv2d.Builder builder,
            float[] image,
            long[] shape,
            float[] weight,
            float[] lossWeights) {
        try (NDManager m = parent.newSubManager()) {
            Conv2d conv = builder.setFilters(weight.length / (int) (shape[1] * 9))
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .optBias(false)
                    .build();
            conv.initialize(m, DataType.FLOAT32, new Shape(shape));
            conv.getParameters().get("weight").getArray().set(weight);
            NDArray x = m.create(image, new Shape(shape));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                // The layer sees an intermediate (2x), as in a model, not the leaf itself.
                NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x.add(x)), true)
                        .singletonOrThrow();
                NDArray r = m.create(lossWeights, y.getShape());
                float[] output = y.toFloatArray();
                gc.backward(y.mul(r).sum());
                return List.of(
                        output,
                        x.getGradient().toFloatArray(),
                        conv.getParameters()
                                .get("weight")
                                .getArray()
                                .getGradient()
                                .toFloatArray());
            }
        }
    }

    private static float[] wave(int n, double step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.sin(1 + step * i);
        return v;
    }

    public static void main(String[] args) {
        try (NDManager m = Engines.newBaseManager()) {
            NDArray empty = m.create(new Shape(64)); // uninitialised: torch::empty
            System.out.println("empty-is-nan=" + Float.isNaN(empty.toFloatArray()[0]));
            for (int[] c : CHANNELS) {
                for (String kind : List.of("plain", "channels-last")) {
                    Supplier<Conv2d.Builder> builder =
                            kind.equals("plain") ? Conv2d::builder : ChannelsLastConv2d::builder;
                    Outcome o = run(m, builder, c[0], c[1]);
                    System.out.printf(
                            "kind=%s in=%d out=%d nonfinite=%d error=%.3g%n",
                            kind, c[0], c[1], o.nonFinite(), o.error());
                }
            }
        }
    }
}
