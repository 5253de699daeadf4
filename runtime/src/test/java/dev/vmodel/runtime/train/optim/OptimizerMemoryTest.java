package dev.vmodel.runtime.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.vmodel.runtime.Engines;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real block trained for 200 steps: no native array is left behind by the updates. */
class OptimizerMemoryTest {

    @Test
    void twoHundredStepsKeepEveryManagersArrayCountConstant() {
        Engines.seed(7);
        try (NDManager model = Engines.newBaseManager()) {
            SequentialBlock block = new SequentialBlock()
                    .add(Linear.builder().setUnits(5).build())
                    .add(LayerNorm.builder().build());
            block.initialize(model, DataType.FLOAT32, new Shape(2, 3));
            Map<String, Parameter> params = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                params.put("blocks." + p.getKey().replace('_', '.'), p.getValue());
            }
            NDArray x = model.randomNormal(new Shape(2, 3));
            NDArray target = model.randomNormal(new Shape(2, 5));
            try (ParameterOptimizer opt = ParameterOptimizer.create(OptimizerSettings.adamw(0.05), params)) {
                float first = trainStep(block, opt, model, x, target);
                int optArrays = opt.manager().getManagedArrays().size();
                int modelArrays = model.getManagedArrays().size();
                float last = first;
                for (int i = 1; i < 200; i++) {
                    last = trainStep(block, opt, model, x, target);
                    assertEquals(optArrays, opt.manager().getManagedArrays().size(), "optimizer arrays at step " + i);
                    assertEquals(modelArrays, model.getManagedArrays().size(), "model arrays at step " + i);
                }
                // 1 step counter + 2 moments for each of 4 parameters.
                assertEquals(1 + 2 * 4, optArrays);
                assertTrue(last < first / 2, "loss fell from " + first + " to " + last);
            }
        }
    }

    private static float trainStep(
            SequentialBlock block, ParameterOptimizer opt, NDManager model, NDArray x, NDArray t) {
        float loss;
        try (NDManager step = model.newSubManager()) {
            // A view of the input owned by the step, so that what is computed from it is too.
            NDArray xs = x.reshape(x.getShape());
            xs.attach(step);
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(step, false), new NDList(xs), true)
                        .singletonOrThrow();
                NDArray l = y.sub(t).square().mean();
                gc.backward(l);
                loss = l.getFloat();
            }
            GradientClipping.clipGlobalNorm(block.getParameters().values(), 1.0);
            opt.step(0.01);
        }
        return loss;
    }
}
