package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.FreedJavaMemory;
import dev.vmodel.runtime.model.SpecModel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole generated models, trained one step: the gradients must not change when the garbage
 * collector frees Java memory between the forward and the backward pass. A constant that entered
 * the graph over a Java buffer (DJL's {@code mul(Number)}, {@code create(long[])}, a DJL block
 * built on them) turns them into garbage; {@code JavaMemoryInGraphsTest} checks the runtime's
 * blocks one by one, this checks everything a spec can generate, DJL's own blocks included (SiLU
 * failed it through DJL's {@code swishBlock}). Dropout and drop-path are on, with the engine
 * reseeded before each pass so both draw the same masks.
 */
class ModelGraphMemoryTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1}/{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "../model-specs/gmlp.vmodel | GMlp | ti16 | depth=2,imageSize=32",
                "../model-specs/mlp-mixer.vmodel | MlpMixer | s16 | depth=2,imageSize=32",
                "../model-specs/cct.vmodel | Cct | cct_7_3x1 | layers=2",
                "../model-specs/cvt.vmodel | Cvt | cvt_7_4 | layers=2",
                "../model-specs/next/swin.vmodel | Swin | mini | ",
                "../model-specs/next/cait.vmodel | Cait | mini | ",
                "../model-specs/next/xcit.vmodel | Xcit | mini | ",
                "src/test/resources/next-more/mobilevit.vmodel | MobileViT | mini | ",
                "src/test/resources/next-more/maxvit.vmodel | MaxViT | mini | "
            })
    void gradientsSurviveACollectionBetweenForwardAndBackward(
            String spec, String model, String variant, String overrides) {
        Map<String, Number> small = new LinkedHashMap<>();
        if (overrides != null) {
            for (String kv : overrides.split(",")) {
                String[] p = kv.split("=");
                small.put(p[0], Long.parseLong(p[1]));
            }
        }
        GeneratedCode code = GeneratedCode.of(dir, Path.of(spec));
        SpecModel built = GeneratedModels.build(code, model, variant, small);
        try (NDManager manager = Engines.newBaseManager()) {
            Shape input = built.inputShape(2);
            built.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            Map<String, float[]> undisturbed = gradients(built, manager, x, List::of);
            Map<String, float[]> disturbed = gradients(built, manager, x, FreedJavaMemory::reuse);
            for (Map.Entry<String, float[]> g : undisturbed.entrySet()) {
                float[] a = g.getValue();
                float[] b = disturbed.get(g.getKey());
                double scale = 0;
                double diff = 0;
                for (int i = 0; i < a.length; i++) {
                    scale = Math.max(scale, Math.abs(a[i]));
                    diff = Math.max(diff, Math.abs(a[i] - b[i])); // NaN fails the check below
                }
                assertTrue(
                        diff <= 1e-5 * Math.max(scale, 1e-3),
                        model + ": the gradient of " + g.getKey() + " changed by " + diff + " (largest entry " + scale
                                + ") after a collection between forward and backward");
            }
        }
    }

    /** One training pass on a fresh scope and the gradient of every parameter, then zeroed. */
    private static Map<String, float[]> gradients(
            SpecModel model, NDManager manager, NDArray x, Supplier<List<ByteBuffer>> between) {
        ai.djl.nn.Block block = (ai.djl.nn.Block) model;
        Engines.seed(7);
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray loss;
            try (NDManager step = manager.newSubManager()) {
                NDArray out = block.forward(new ParameterStore(step, false), new NDList(x), true)
                        .singletonOrThrow();
                loss = out.mul(out).sum();
                loss.attach(manager);
            }
            List<ByteBuffer> held = between.get();
            gc.backward(loss);
            java.lang.ref.Reference.reachabilityFence(held); // the reused memory stays taken until here
        }
        Map<String, float[]> grads = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) continue;
            NDArray g = p.getValue().getArray().getGradient();
            grads.put(p.getKey(), g.toFloatArray());
            g.subi(g);
        }
        return grads;
    }
}
