package dev.vmodel.runtime.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.vmodel.runtime.flow.Flow;
import dev.vmodel.runtime.flow.FlowBlock;
import dev.vmodel.runtime.flow.SpecChecks;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small model with the surface of a generated one: a {@link SpecModel} with a {@link
 * ModelFamily} registered as a service, params checked by {@link SpecChecks} as a generated
 * constructor checks them. {@code hidden: linear(hidden) -> norm: batchNorm -> relu -> head:
 * linear(numClasses)} on vectors of {@code inputSize}.
 */
public final class TinyModel extends FlowBlock implements SpecModel {

    /** The family, as each generated model class has one. */
    public static final ModelFamily FAMILY = new Family();

    private final Linear hidden;
    private final BatchNorm norm;
    private final Block relu;
    private final Linear head;
    private final Map<String, Object> params;

    private TinyModel(long hiddenUnits, long inputSize, long numClasses, double scale) {
        super((byte) 1);
        SpecChecks.positiveSize("tiny.vmodel:9:5", "linear out", hiddenUnits);
        SpecChecks.positiveSize("tiny.vmodel:3:9", "input size", inputSize);
        params = new LinkedHashMap<>();
        params.put("hidden", hiddenUnits);
        params.put("inputSize", inputSize);
        params.put("numClasses", numClasses);
        params.put("scale", scale);
        hidden = addChildBlock("hidden", Linear.builder().setUnits(hiddenUnits).build());
        norm = addChildBlock("norm", BatchNorm.builder().build());
        relu = addChildBlock("relu", Activation.reluBlock());
        head = addChildBlock("head", Linear.builder().setUnits(numClasses).build());
    }

    @Override
    public ModelFamily family() {
        return FAMILY;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public Shape inputShape(long batch) {
        return new Shape(batch, (long) params.get("inputSize"));
    }

    @Override
    public long classes() {
        return (long) params.get("numClasses");
    }

    @Override
    protected <T> T flow(Flow<T> f, T x) {
        x = f.apply(hidden, x);
        x = f.apply(norm, x);
        x = f.apply(relu, x);
        return f.apply(head, x);
    }

    /** The family of {@link TinyModel}: variants {@code small} (hidden 8) and {@code wide} (32). */
    public static class Family implements ModelFamily {

        private static final List<ParamInfo> PARAMS = List.of(
                new ParamInfo("hidden", "long", null, "width of the hidden layer"),
                new ParamInfo("inputSize", "long", "6", null),
                new ParamInfo("numClasses", "long", "3", null),
                new ParamInfo("scale", "double", "1.0", null));

        /** For {@link java.util.ServiceLoader}. */
        public Family() {}

        @Override
        public String name() {
            return "TinyModel";
        }

        @Override
        public String source() {
            return "tiny.vmodel:1";
        }

        @Override
        public List<String> variants() {
            return List.of("small", "wide");
        }

        @Override
        public List<ParamInfo> params() {
            return PARAMS;
        }

        @Override
        public SpecModel build(String variant, Map<String, String> overrides) {
            Map<String, Object> v = new LinkedHashMap<>();
            for (ParamInfo p : PARAMS) {
                v.put(p.name(), p.defaultValue() == null ? null : p.parse(p.defaultValue()));
            }
            if (variant != null) {
                switch (variant) {
                    case "small" -> v.put("hidden", 8L);
                    case "wide" -> v.put("hidden", 32L);
                    default -> throw new IllegalArgumentException("unknown variant '" + variant + "' of TinyModel");
                }
            }
            for (ParamInfo p : PARAMS) {
                String text = overrides.get(p.name());
                if (text != null) {
                    v.put(p.name(), p.parse(text));
                }
            }
            if (v.get("hidden") == null) {
                throw new IllegalArgumentException(
                        "param 'hidden' of TinyModel has no value: give a variant or hidden=...");
            }
            return new TinyModel((long) v.get("hidden"), (long) v.get("inputSize"), (long) v.get("numClasses"), (double)
                    v.get("scale"));
        }
    }
}
