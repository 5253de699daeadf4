package dev.vmodel.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.blocks.LastAxisLayerNorm;
import dev.vmodel.runtime.flow.Flow;
import dev.vmodel.runtime.flow.FlowBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter names as a PyTorch {@code state_dict} spells them, from the roles generated code gives children. */
class StableNamesTest {

    /** {@code fc: linear(4)}, as a generated block names its layer. */
    static final class Layer extends FlowBlock {
        final Linear fc;

        Layer() {
            super((byte) 1);
            fc = addChildBlock("fc", Linear.builder().setUnits(4).build());
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            return f.apply(fc, x);
        }
    }

    /** {@code repeat 2 { Layer }} then {@code norm: layerNorm}: list elements are {@code blocks.<i>}. */
    static final class Net extends FlowBlock {
        final List<Layer> blocks = new ArrayList<>();
        final LastAxisLayerNorm norm;

        Net() {
            super((byte) 1);
            for (int i = 0; i < 2; i++) {
                blocks.add(addChildBlock("blocks." + i, new Layer()));
            }
            norm = addChildBlock("norm", new LastAxisLayerNorm());
        }

        @Override
        protected <T> T flow(Flow<T> f, T x) {
            for (Layer b : blocks) {
                x = f.apply(b, x);
            }
            return f.apply(norm, x);
        }
    }

    @Test
    void namesJoinRolesWithDotsAndDropDjlsPositionPrefix() {
        try (NDManager m = Engines.newBaseManager()) {
            Block net = new Net();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            Map<String, Parameter> byName = StableNames.parameters(net);
            assertEquals(
                    List.of(
                            "blocks.0.fc.weight",
                            "blocks.0.fc.bias",
                            "blocks.1.fc.weight",
                            "blocks.1.fc.bias",
                            "norm.weight",
                            "norm.bias"),
                    new ArrayList<>(byName.keySet()));
            assertEquals(new Shape(4, 4), byName.get("blocks.1.fc.weight").getShape());
        }
    }

    @Test
    void batchNormNamesAndBuffersAsPyTorch() {
        SpecModel tiny = dev.vmodel.runtime.train.TinyModel.FAMILY.build("small", Map.of("inputSize", "5"));
        try (NDManager m = Engines.newBaseManager()) {
            tiny.initialize(m, DataType.FLOAT32, tiny.inputShape(2));
            Map<String, Parameter> byName = tiny.parametersByName();
            assertEquals(
                    List.of(
                            "hidden.weight",
                            "hidden.bias",
                            "norm.weight",
                            "norm.bias",
                            "norm.running_mean",
                            "norm.running_var",
                            "head.weight",
                            "head.bias"),
                    new ArrayList<>(byName.keySet()));
            long trainable = 0;
            for (Map.Entry<String, Parameter> e : byName.entrySet()) {
                boolean buffer = e.getKey().startsWith("norm.running_");
                assertEquals(buffer, ModelStats.isBuffer(e.getValue()), e.getKey());
                assertEquals(!buffer, e.getValue().requiresGradient(), e.getKey());
                trainable += buffer ? 0 : e.getValue().getShape().size();
            }
            // every parameter has a name: 5*8 + 8, 8 + 8, 8*3 + 3
            assertEquals(91, trainable);
            assertEquals(ModelStats.parameterCount(tiny), trainable);
        }
    }

    @Test
    void childNameStripsOnlyTheLeadingPosition() {
        assertEquals("blocks.0", StableNames.childName("03blocks.0"));
        assertEquals("fc", StableNames.childName("101fc"));
        assertEquals("x1", StableNames.childName("x1"));
    }

    @Test
    void everyParameterIsNamedOnce() {
        try (NDManager m = Engines.newBaseManager()) {
            Block net = new Net();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            assertEquals(net.getParameters().size(), StableNames.parameters(net).size());
            assertTrue(StableNames.parameters(net).keySet().stream().noneMatch(k -> Character.isDigit(k.charAt(0))));
            assertFalse(StableNames.parameters(net).containsKey("norm.gamma"));
        }
    }
}
