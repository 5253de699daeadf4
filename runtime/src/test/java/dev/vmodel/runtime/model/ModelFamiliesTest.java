package dev.vmodel.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import dev.vmodel.runtime.train.TinyModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated families found through ServiceLoader, and built from text without reflection. */
class ModelFamiliesTest {

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void findsTheRegisteredFamilyByName() {
        assertEquals(
                List.of("TinyModel"),
                ModelFamilies.all(loader).stream().map(ModelFamily::name).toList());
        ModelFamily tiny = ModelFamilies.named("TinyModel", loader);
        assertEquals(TinyModel.Family.class, tiny.getClass());
        assertEquals(List.of("small", "wide"), tiny.variants());
        assertEquals(
                List.of("hidden", "inputSize", "numClasses", "scale"),
                tiny.params().stream().map(ModelFamily.ParamInfo::name).toList());
    }

    @Test
    void unknownNamesListWhatThereIs() {
        assertEquals(
                "no generated model 'Tiny' on the class path; there are: TinyModel",
                assertThrows(IllegalArgumentException.class, () -> ModelFamilies.named("Tiny", loader))
                        .getMessage());
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertEquals(List.of(), ModelFamilies.all(empty));
            assertEquals(
                    "no generated model 'TinyModel' on the class path (none is: generate the specs first)",
                    assertThrows(IllegalArgumentException.class, () -> ModelFamilies.named("TinyModel", empty))
                            .getMessage());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A second family that claims the fixture's name, as a second spec project on the class path would. */
    public static final class Impostor extends TinyModel.Family {
        @Override
        public String source() {
            return "other.vmodel:1";
        }
    }

    @Test
    void twoFamiliesWithOneNameAreAnErrorNotAGuess(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services/" + ModelFamily.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, Impostor.class.getName() + "\n");
        try (URLClassLoader both = new URLClassLoader(new URL[] {dir.toUri().toURL()}, loader)) {
            assertEquals(
                    "two generated models named 'TinyModel' on the class path: "
                            + "dev.vmodel.runtime.train.TinyModel$Family (tiny.vmodel:1), "
                            + "dev.vmodel.runtime.model.ModelFamiliesTest$Impostor (other.vmodel:1)",
                    assertThrows(IllegalArgumentException.class, () -> ModelFamilies.named("TinyModel", both))
                            .getMessage());
        }
    }

    @Test
    void buildsAVariantWithOverrides() {
        SpecModel model =
                ModelFamilies.named("TinyModel", loader).build("wide", Map.of("numClasses", "7", "scale", "0.5"));
        assertSame(TinyModel.FAMILY, model.family());
        assertEquals(Map.of("hidden", 32L, "inputSize", 6L, "numClasses", 7L, "scale", 0.5), model.params());
        assertEquals(new Shape(4, 6), model.inputShape(4));
        assertEquals(7, model.classes());
    }

    @Test
    void paramsParseTheirTextByType() {
        assertEquals(256L, new ModelFamily.ParamInfo("dim", "long", null, null).parse(" 256"));
        assertEquals(0.1, new ModelFamily.ParamInfo("drop", "double", null, null).parse("0.1"));
        assertEquals(true, new ModelFamily.ParamInfo("bias", "boolean", null, null).parse("true"));
        assertEquals("adamw", new ModelFamily.ParamInfo("opt", "String", null, null).parse("adamw"));
        assertEquals(
                "bad number '2.5' for param 'dim' (expects an integer)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ModelFamily.ParamInfo("dim", "long", null, null).parse("2.5"))
                        .getMessage());
        assertEquals(
                "bad number 'NaN' for param 'drop' (expects a number)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ModelFamily.ParamInfo("drop", "double", null, null).parse("NaN"))
                        .getMessage());
        assertEquals(
                "bad value 'yes' for param 'bias' (expects true or false)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ModelFamily.ParamInfo("bias", "boolean", null, null).parse("yes"))
                        .getMessage());
    }
}
