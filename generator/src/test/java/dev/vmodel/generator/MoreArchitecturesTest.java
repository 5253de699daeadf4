package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.vmodel.runtime.Engines;
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.runtime.model.StableNames;
import dev.vmodel.runtime.train.TrainLoop;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Convolution-free and attention architectures after ViT beyond issue 12's zoo, each written as one
 * spec in src/test/resources/next-more/ with the general tensor constructs: each validates without
 * a single diagnostic; its published variant has the reference implementation's exact parameter
 * count (timm's, or the authors' code where timm lacks the model, instantiated in PyTorch); the
 * generated DJL code compiles and its mini variant counts in DJL what the spec counts statically;
 * and the mini variant trains, the loss falling on a fixed batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoreArchitecturesTest {
    static final Path SPECS = Path.of("src/test/resources/next-more");

    GeneratedCode code;

    @BeforeAll
    void generateAndCompile(@TempDir Path dir) {
        code = GeneratedCode.of(
                dir,
                SPECS.resolve("gfnet.vmodel"),
                SPECS.resolve("twins.vmodel"),
                SPECS.resolve("davit.vmodel"),
                SPECS.resolve("pvt-v2.vmodel"),
                SPECS.resolve("pvt-v1.vmodel"),
                SPECS.resolve("fnet.vmodel"),
                SPECS.resolve("mobilevit.vmodel"),
                SPECS.resolve("maxvit.vmodel"),
                SPECS.resolve("fourier-check.vmodel"));
    }

    /** Every variant of a spec, which must validate without a single diagnostic (warnings included). */
    static List<ModelInstance> instances(String file) {
        return NextZoo.instances(SPECS.resolve(file));
    }

    static ModelInstance variant(String file, String variant) {
        return NextZoo.variant(SPECS.resolve(file), variant);
    }

    /**
     * The reference counts, 1000 classes at 224 x 224, trainable parameters only. GFNet is not in
     * timm: its counts are those of the authors' gfnet.py (github.com/raoyongming/GFNet) GFNet
     * module built as main_gfnet.py builds gfnet-ti and gfnet-xs (the paper rounds them to 7M and 16M);
     * PVT v1's, the authors' classification/pvt.py (github.com/whai362/PVT) pvt_tiny and pvt_small
     * (13.2M and 24.5M in the paper).
     * Twins, DaViT, PVT v2, MobileViT and MaxViT (maxvit_tiny_tf_224) are timm's models (timm.create_model) with timm's default
     * arguments, at timm's default input size (256 x 256 for MobileViT; its count does not depend on it).
     * FNet has no vision variant anywhere: its count, with ViT-B/16's sizes, is derived by hand
     * (patch embedding 590,592, position embedding 150,528, 12 blocks of 4,725,504, head 769,000).
     */
    @ParameterizedTest(name = "{1} {2} = {4}")
    @CsvSource({
        "gfnet.vmodel, GFNet, ti, 224, 7511784",
        "gfnet.vmodel, GFNet, xs, 224, 15985768",
        "twins.vmodel, Twins, svt_small, 224, 24060776",
        "davit.vmodel, DaViT, tiny, 224, 28360168",
        "pvt-v2.vmodel, PVTv2, b0, 224, 3666760",
        "pvt-v1.vmodel, PVT, tiny, 224, 13229288",
        "pvt-v1.vmodel, PVT, small, 224, 24485864",
        "fnet.vmodel, FNet, base, 224, 58216168",
        "mobilevit.vmodel, MobileViT, xxs, 256, 1272024",
        "maxvit.vmodel, MaxViT, tiny, 224, 30916528"
    })
    void publishedVariantsHaveTheReferenceCount(String file, String model, String variant, long side, long params) {
        ModelInstance m = variant(file, variant);
        assertEquals(model, m.model());
        assertEquals(Shape.image(3, side, side), m.input());
        assertEquals(Shape.vector(1000), m.output());
        assertEquals(params, m.cost().params());
    }

    /** GFNet-Ti (D = 256, a 14 x 14 grid): the filter is 14 x 8 x 256 complex numbers, a block adds two norms and the MLP. */
    @Test
    void gfnetBlocksHaveTheAuthorsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(variant("gfnet.vmodel", "ti"));
        assertEquals(Set.of(14L * 8 * 256 * 2), blocks.get("GlobalFilter"));
        assertEquals(Set.of(57_344L + 2 * 512 + 525_568), blocks.get("GFNetBlock"));
    }

    /** Twins-SVT-S, module by module as timm's (patch_embeds[i], blocks[i][0] and [1], pos_block[i]). */
    @Test
    void twinsBlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(variant("twins.vmodel", "svt_small"));
        assertEquals(Set.of(3_264L, 33_152L, 131_840L, 525_824L), blocks.get("TwinsPatchEmbed"));
        assertEquals(Set.of(640L, 1_280L, 2_560L, 5_120L), blocks.get("PosConv"));
        assertEquals(Set.of(49_984L, 198_272L, 789_760L, 3_152_384L), blocks.get("LocallyGroupedBlock"));
        // Stage 4's GSA has no reduction (sr = 1): the same count as its LSA block.
        assertEquals(Set.of(312_320L, 460_800L, 1_052_672L, 3_152_384L), blocks.get("GlobalSubSampledBlock"));
    }

    /**
     * DaViT-T, module by module as timm's: a spatial and a channel block have equal counts (window
     * attention and channel attention both hold qkv and proj only).
     */
    @Test
    void davitBlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(variant("davit.vmodel", "tiny"));
        Set<Long> pairHalves = Set.of(113_760L, 448_704L, 1_782_144L, 7_103_232L);
        assertEquals(pairHalves, blocks.get("SpatialBlock"));
        assertEquals(pairHalves, blocks.get("ChannelBlock"));
        assertEquals(Set.of(74_112L, 295_680L, 1_181_184L), blocks.get("Downsample"));
        assertEquals(Set.of(227_520L, 897_408L, 3 * 3_564_288L, 14_206_464L), blocks.get("DaViTStage"));
    }

    /** PVT-v2-B0, module by module as timm's; stage 4's attention has no reduction (sr = 1). */
    @Test
    void pvtV2BlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(variant("pvt-v2.vmodel", "b0"));
        assertEquals(Set.of(4_800L, 18_624L, 92_640L, 369_408L), blocks.get("OverlapPatchEmbed"));
        assertEquals(Set.of(89_216L, 153_856L, 418_560L, 800_000L), blocks.get("PvtBlock"));
    }

    /** MobileViT-XXS, module by module as timm's (stem, stages.i.j, final_conv, head). */
    @Test
    void mobileVitBlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(variant("mobilevit.vmodel", "xxs"));
        assertEquals(Set.of(1_472L, 1_744L, 2_976L, 4_176L, 12_128L, 20_256L), blocks.get("InvertedResidual"));
        assertEquals(Set.of(135_712L, 329_696L, 413_184L), blocks.get("MobileViTBlock"));
    }

    /**
     * MaxViT-T, block by block as timm's (stages.i.blocks.j: MBConv, block and grid attention); the
     * first block of each stage has the strided MBConv and its shortcut.
     */
    @Test
    void maxVitBlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(variant("maxvit.vmodel", "tiny"));
        assertEquals(
                Set.of(145_396L, 544_744L, 569_320L, 2_154_448L, 2_252_752L, 8_568_736L, 8_961_952L),
                blocks.get("MaxViTBlock"));
        // Block and grid attention differ only in the partition: equal counts.
        assertEquals(blocks.get("BlockAttention"), blocks.get("GridAttention"));
    }

    /** FNet's Fourier sublayer has no parameters; its block is two LayerNorms and the MLP. */
    @Test
    void fnetMixingHasNoParameters() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(variant("fnet.vmodel", "base"));
        assertEquals(Set.of(0L), blocks.get("FourierMixing"));
        assertEquals(Set.of(4L * 768 + 8L * 768 * 768 + 5L * 768), blocks.get("FNetBlock"));
    }

    /**
     * GFNet's global filter is irfft2(rfft2(x, norm = ortho) W, norm = ortho): the DJL output of
     * the block alone (fourier-check.vmodel) on a 3 x 6 grid, an odd axis and an even one with its
     * Nyquist frequency, with a random complex weight, equals the transforms computed from their
     * definitions; the inverse by Hermitian extension to the full spectrum, as torch's irfft2 reads
     * the half spectrum.
     */
    @Test
    void globalFilterIsTheFourierFilter() {
        int rows = 3;
        int columns = 6;
        int channels = 2;
        int bins = columns / 2 + 1;
        Random random = new Random(7);
        SpecModel model = GeneratedModels.build(code, "GlobalFilterCheck", "check", Map.of());
        try (NDManager m = Engines.newBaseManager()) {
            ai.djl.ndarray.types.Shape in = model.inputShape(1);
            model.initialize(m, DataType.FLOAT32, in);
            NDArray weight =
                    StableNames.parameters(model).values().iterator().next().getArray();
            float[] w = new float[rows * bins * channels * 2];
            assertEquals(w.length, weight.size(), "the complex weight [rows, columns / 2 + 1, C, 2]");
            for (int i = 0; i < w.length; i++) w[i] = (float) random.nextGaussian();
            weight.set(w);
            float[] x = gaussian(random, rows * columns * channels);
            float[] y = forward(model, m, x, in);

            double norm = 1 / Math.sqrt(rows * columns);
            for (int c = 0; c < channels; c++) {
                // The full spectrum G of the filtered half spectrum Z = rfft2(x) W.
                double[][] gr = new double[rows][columns];
                double[][] gi = new double[rows][columns];
                for (int u = 0; u < rows; u++) {
                    for (int v = 0; v < bins; v++) {
                        double fr = 0;
                        double fi = 0;
                        for (int a = 0; a < rows; a++) {
                            for (int b = 0; b < columns; b++) {
                                double angle = -2 * Math.PI * ((double) u * a / rows + (double) v * b / columns);
                                fr += x[(a * columns + b) * channels + c] * Math.cos(angle);
                                fi += x[(a * columns + b) * channels + c] * Math.sin(angle);
                            }
                        }
                        double wr = w[((u * bins + v) * channels + c) * 2];
                        double wi = w[((u * bins + v) * channels + c) * 2 + 1];
                        gr[u][v] = norm * (fr * wr - fi * wi);
                        gi[u][v] = norm * (fr * wi + fi * wr);
                    }
                }
                for (int u = 0; u < rows; u++) {
                    for (int v = bins; v < columns; v++) {
                        gr[u][v] = gr[(rows - u) % rows][columns - v];
                        gi[u][v] = -gi[(rows - u) % rows][columns - v];
                    }
                }
                for (int a = 0; a < rows; a++) {
                    for (int b = 0; b < columns; b++) {
                        double real = 0;
                        for (int u = 0; u < rows; u++) {
                            for (int v = 0; v < columns; v++) {
                                double angle = 2 * Math.PI * ((double) u * a / rows + (double) v * b / columns);
                                real += gr[u][v] * Math.cos(angle) - gi[u][v] * Math.sin(angle);
                            }
                        }
                        int i = (a * columns + b) * channels + c;
                        assertEquals(norm * real, y[i], 1e-4, "output " + i);
                    }
                }
            }
        }
    }

    /** FNet's mixing is Re(DFT2(x)) = sum over n, e of x[n, e] cos(2 pi (m n / N + e f / D)): 5 tokens of width 4. */
    @Test
    void fourierMixingIsTheRealPartOfTheDft() {
        int n = 5;
        int d = 4;
        SpecModel model = GeneratedModels.build(code, "FourierMixingCheck", "check", Map.of());
        try (NDManager m = Engines.newBaseManager()) {
            ai.djl.ndarray.types.Shape in = model.inputShape(1);
            model.initialize(m, DataType.FLOAT32, in);
            float[] x = gaussian(new Random(5), n * d);
            float[] y = forward(model, m, x, in);
            for (int a = 0; a < n; a++) {
                for (int f = 0; f < d; f++) {
                    double real = 0;
                    for (int t = 0; t < n; t++)
                        for (int e = 0; e < d; e++)
                            real += x[t * d + e] * Math.cos(2 * Math.PI * ((double) a * t / n + (double) f * e / d));
                    assertEquals(real, y[a * d + f], 1e-4, "output [" + a + ", " + f + "]");
                }
            }
        }
    }

    private static float[] gaussian(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) values[i] = (float) random.nextGaussian();
        return values;
    }

    /** The model's output for one example, flattened. */
    private static float[] forward(SpecModel model, NDManager m, float[] x, ai.djl.ndarray.types.Shape in) {
        NDArray input = m.create(x, in);
        return model.forward(new ParameterStore(m, false), new NDList(input), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    /** The mini variant: generated DJL code counts the spec's parameters, and a few steps lower the loss. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GFNet", "Twins", "DaViT", "PVTv2", "PVT", "FNet", "MobileViT", "MaxViT"})
    void miniVariantCountsInDjlAndTrains(String model) {
        ModelInstance mini = code.instances().stream()
                .filter(m -> m.model().equals(model) && m.variant().equals("mini"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mini variant of " + model));
        assertTrue(
                mini.cost().params() < 1_000_000,
                model + " mini has " + mini.cost().params());
        SpecModel counted = GeneratedModels.build(code, model, "mini", Map.of());
        try (NDManager manager = Engines.newBaseManager()) {
            counted.initialize(manager, DataType.FLOAT32, counted.inputShape(1));
            assertEquals(mini.cost().params(), ModelStats.trainableParameterCount(counted), model + " mini in DJL");
        }
        SpecModel fresh = GeneratedModels.build(code, model, "mini", Map.of());
        try (TrainLoop loop =
                TrainLoop.builder(fresh, fresh.inputShape(8), fresh.classes()).build()) {
            TrainLoop.Result r = loop.train(8);
            for (float loss : r.losses()) assertTrue(Float.isFinite(loss), model + " loss " + loss);
            assertTrue(
                    r.lastLoss() < r.firstLoss(),
                    model + ": the loss must fall on the fixed batch: " + r.firstLoss() + " -> " + r.lastLoss());
        }
    }
}
