package dev.vmodel.runtime.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import dev.vmodel.runtime.flow.Flow;
import dev.vmodel.runtime.flow.FlowBlock;
import java.util.List;

/** A small model with the surface of a generated one (variants, builder setters, input shape). */
public final class TinyModel extends FlowBlock {
    public static final List<String> VARIANTS = List.of("small", "wide");

    private final Linear hidden;
    private final Block relu;
    private final Linear head;
    private final Config config;

    private TinyModel(Config config) {
        super((byte) 1);
        this.config = config;
        hidden = addChildBlock("hidden", Linear.builder().setUnits(config.hidden()).build());
        relu = addChildBlock("relu", Activation.reluBlock());
        head = addChildBlock("head", Linear.builder().setUnits(config.numClasses()).build());
    }

    public static Builder variant(String name) {
        switch (name) {
            case "small": return new Builder().hidden(8);
            case "wide": return new Builder().hidden(32);
            default: throw new IllegalArgumentException("unknown variant '" + name + "' of TinyModel; known: " + VARIANTS);
        }
    }

    public Shape inputShape(long batch) {
        return new Shape(batch, config.inputSize());
    }

    public long classes() {
        return config.numClasses();
    }

    @Override
    protected <T> T flow(Flow<T> f, T x) {
        x = f.apply(hidden, x);
        x = f.apply(relu, x);
        return f.apply(head, x);
    }

    public record Config(long hidden, long inputSize, long numClasses, double scale) {}

    public static final class Builder {
        private long hidden;
        private long inputSize = 6;
        private long numClasses = 3;
        private double scale = 1;

        private Builder() {}

        public Builder hidden(long hidden) {
            this.hidden = hidden;
            return this;
        }

        public Builder inputSize(long inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder numClasses(long numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        public Builder scale(double scale) {
            this.scale = scale;
            return this;
        }

        public TinyModel build() {
            if (hidden < 1) {
                throw new IllegalArgumentException("hidden must be positive, got " + hidden);
            }
            return new TinyModel(new Config(hidden, inputSize, numClasses, scale));
        }
    }
}
