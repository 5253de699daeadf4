package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Shape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's models, Swin-T, CaiT-XXS24 and XCiT-T12/16 in model-specs/next/, written with the
 * general tensor constructs: they validate without a single diagnostic, their published variants
 * have timm 0.9.16's exact parameter counts, and the counts of their blocks are those of timm's
 * modules, so that a wrong block cannot hide behind a compensating one.
 */
class NextZooCountsTest {
    @ParameterizedTest(name = "{1} {2} = {3}")
    @CsvFileSource(files = "../model-specs/next/published-params.csv", numLinesToSkip = 1)
    void publishedParameterCounts(String file, String model, String variant, long params) {
        ModelInstance m = NextZoo.variant(file, variant);
        assertEquals(model, m.model());
        assertEquals(Shape.image(3, 224, 224), m.input());
        assertEquals(Shape.vector(1000), m.output());
        assertEquals(params, m.cost().params());
    }

    /** Each family's fast variant for tests: small, and still one valid model with 10 classes. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"swin.vmodel", "cait.vmodel", "xcit.vmodel"})
    void everyFamilyHasItsPublishedAndItsMiniVariant(String file) {
        List<ModelInstance> all = NextZoo.instances(file);
        assertEquals(2, all.size(), file);
        ModelInstance mini = NextZoo.variant(file, "mini");
        assertEquals(Shape.vector(10), mini.output());
        assertTrue(
                mini.cost().params() < 1_000_000,
                file + " mini has " + mini.cost().params());
    }

    /**
     * Swin-T's blocks, stage by stage (C = 96, 192, 384, 768; heads = C / 32): a block is two
     * LayerNorms (4C), qkv (3C^2 + 3C), proj (C^2 + C), the bias table (13^2 x heads) and the MLP
     * (8C^2 + 5C); patch merging is LayerNorm(4C) (8C) and a 4C -> 2C linear without bias (8C^2).
     */
    @Test
    void swinBlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(NextZoo.variant("swin.vmodel", "tiny"));
        assertEquals(Set.of(112_347L, 445_878L, 1_776_492L, 7_091_928L), blocks.get("SwinBlock"));
        assertEquals(Set.of(74_496L, 296_448L, 1_182_720L), blocks.get("PatchMerging"));
        // Stage 1's attention: qkv 96 x 288 + 288, proj 96 x 96 + 96, table 169 x 3.
        assertEquals(27_936L + 9_312 + 507, first(blocks, "WindowAttention"));
        assertEquals(Set.of(224_694L, 891_756L, 10_658_952L, 14_183_856L), blocks.get("SwinStage"));
    }

    /** CaiT-XXS24 (D = 192, 4 heads): talking heads add two 4 x 4 linear layers with bias. */
    @Test
    void caitBlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(NextZoo.variant("cait.vmodel", "xxs24"));
        assertEquals(Set.of(111_168L + 20 + 20 + 37_056), blocks.get("TalkingHeadAttention"));
        assertEquals(Set.of(445_288L), blocks.get("LayerScaleBlock"));
        // q, k, v and proj: four 192 x 192 linear layers with bias.
        assertEquals(Set.of(4 * 37_056L), blocks.get("ClassAttention"));
        assertEquals(Set.of(445_248L), blocks.get("ClassAttentionBlock"));
        assertEquals(Set.of(147_648L), blocks.get("PatchEmbed"));
    }

    /**
     * XCiT-T12/16 (D = 192, 4 heads): XCA adds one temperature per head; LPI is two depthwise
     * 3 x 3 convolutions with bias and a batch norm; the Fourier encoding's only weights are its
     * 64 -> 192 projection.
     */
    @Test
    void xcitBlocksHaveTimmsCounts() {
        Map<String, Set<Long>> blocks = NextZoo.blockParams(NextZoo.variant("xcit.vmodel", "t12_p16"));
        assertEquals(Set.of(219_096L), blocks.get("ConvPatchEmbed"));
        assertEquals(Set.of(12_480L), blocks.get("FourierPositionEncoding"));
        assertEquals(Set.of(111_168L + 4 + 37_056), blocks.get("XCA"));
        assertEquals(Set.of(2 * (1_728L + 192) + 384), blocks.get("LPI"));
        assertEquals(Set.of(450_052L), blocks.get("XcaBlock"));
        assertEquals(Set.of(445_248L), blocks.get("XcitClassAttentionBlock"));
    }

    private static long first(Map<String, Set<Long>> blocks, String name) {
        return blocks.get(name).iterator().next();
    }
}
