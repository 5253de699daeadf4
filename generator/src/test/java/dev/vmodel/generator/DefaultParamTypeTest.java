package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.SpecModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A param whose variants all bind a whole number but whose default is a fraction is a double, so
 * the spec's defaults still build (it was typed long from the variants alone, lost its default
 * 0.1, and building without a variant failed with "needs param").
 */
class DefaultParamTypeTest {

    @TempDir
    Path dir;

    @Test
    void aFractionalDefaultMakesTheParamADoubleEvenIfEveryVariantBindsAnInteger() throws Exception {
        Path spec = Files.writeString(dir.resolve("rate.vmodel"), """
                model Rated {
                  param rate = 0.1
                  input tokens(4, 8)
                  classes 3
                  variant still(rate = 0)
                  dropPath(rate) -> pool(mean) -> linear(classes)
                }
                """);
        GeneratedCode code = GeneratedCode.of(dir.resolve("gen"), spec);
        ModelFamily family = (ModelFamily) code.load("Rated").getField("FAMILY").get(null);
        assertEquals("double", family.params().get(0).type());
        SpecModel defaults = family.build(null, Map.of());
        assertEquals(0.1, defaults.params().get("rate"));
        assertEquals(0.0, family.build("still", Map.of()).params().get("rate"));
    }
}
