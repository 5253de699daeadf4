package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmodel.runtime.model.ModelFamilies;
import dev.vmodel.runtime.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 4: a builder override gets the checks a variant gets. {@code imageSize = 72} with patch
 * 16 used to build and train, silently dropping 8 pixels, where the same value in a variant is
 * refused with {@code does-not-tile}.
 */
class OverrideChecksTest {
    static final String SPEC = """
            model Patches {
              param imageSize = 64
              param heads = 2
              input image(3, imageSize, imageSize)
              classes 2
              conv(8, kernel = 16, stride = 16) -> tokens -> attention(heads = heads) -> pool(mean) -> linear(classes)
            }
            """;

    @Test
    void overridesAreRefusedAsTheValidatorRefusesVariants(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("patches.vmodel");
        Files.writeString(spec, SPEC);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        ModelFamily family = ModelFamilies.named("Patches", code.classes);
        assertEquals(
                Map.of("imageSize", 80L, "heads", 2L),
                family.build(null, Map.of("imageSize", "80")).params());
        String tile = assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("imageSize", "72")))
                .getMessage();
        assertEquals(
                true, tile.startsWith("patches.vmodel:6:3: error: ") && tile.endsWith("[vmodel.does-not-tile]"), tile);
        String heads = assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("heads", "3")))
                .getMessage();
        assertEquals(
                true,
                heads.startsWith("patches.vmodel:6:50: error: attention: width 8 is not divisible by 3 heads")
                        && heads.endsWith("[vmodel.heads-not-dividing]"),
                heads);
    }

    static final String GROUPS = """
            model Groups {
              param convGroups = 2
              param normGroups = 4
              input image(4, 8, 8)
              classes 2
              conv(8, kernel = 3, padding = 1, groups = convGroups) -> groupNorm(normGroups) -> tokens
              pool(mean) -> linear(classes)
            }
            """;

    /** Group counts that do not divide the channels: refused as in a variant, not by DJL's reshape. */
    @Test
    void groupCountsAreCheckedLikeAVariant(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("groups.vmodel");
        Files.writeString(spec, GROUPS);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        ModelFamily family = ModelFamilies.named("Groups", code.classes);
        assertEquals(
                Map.of("convGroups", 4L, "normGroups", 8L),
                family.build(null, Map.of("convGroups", "4", "normGroups", "8")).params());
        String conv = assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("convGroups", "3")))
                .getMessage();
        assertEquals(
                "groups.vmodel:6:3: error: conv: 3 groups must divide both the 4 input channels and the 8 output"
                        + " channels [vmodel.split-not-dividing]",
                conv);
        String norm = assertThrows(IllegalArgumentException.class, () -> family.build(null, Map.of("normGroups", "3")))
                .getMessage();
        assertEquals(
                "groups.vmodel:6:60: error: groupNorm: 3 groups do not divide 8 channels [vmodel.split-not-dividing]",
                norm);
    }
}
