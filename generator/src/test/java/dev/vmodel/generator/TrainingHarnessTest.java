package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.train.Training;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.TrainRecipe;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated training harness ({@code ModelTraining}): compiled with the model, its {@code
 * recipe()} is the recipe the front end evaluated, and the model's family returns the same one.
 */
class TrainingHarnessTest {

    /** A CCT-like CIFAR recipe; the settings start on line 7. */
    static final String CIFAR = """
            model Net {
              param dim = 4
              input image(3, 4, 4)
              classes 10
              conv(dim, kernel = 2, stride = 2) -> tokens -> pool(mean) -> linear(classes)
              train {
                optimizer = adamw
                lr = 5.5e-4
                minLr = 1e-5
                weightDecay = 6e-2
                warmupEpochs = 10
                labelSmoothing = 0.1
                epochs = 300
                batch = 128
                clipGrad = 1
                seed = 3000000000
                dataset = cifar10
                cropPadding = 4
                hflip = true
                mixup = 0.8
                cutmix = 1.0
              }
            }
            /** Without a train section. */
            model Plain {
              input vector(4)
              classes 2
              linear(classes)
            }
            """;

    private static Object call(Class<?> type, String method) {
        try {
            return type.getMethod(method).invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static ModelFamily family(Class<?> model) {
        try {
            return (ModelFamily) model.getField("FAMILY").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHarnessRecipeIsTheEvaluatedRecipe(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("net.vmodel");
        Files.writeString(spec, CIFAR);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        ModelInstance net = code.instances().stream()
                .filter(i -> i.model().equals("Net"))
                .findFirst()
                .orElseThrow();
        TrainRecipe recipe = (TrainRecipe) call(code.load("NetTraining"), "recipe");
        assertEquals(net.train(), recipe);
        // Computed by hand from the section, not through the front end.
        assertEquals(
                TrainRecipe.builder()
                        .lr(5.5e-4)
                        .weightDecay(0.06)
                        .warmupEpochs(10)
                        .batch(128)
                        .clipGrad(1)
                        .seed(3_000_000_000L)
                        .dataset("cifar10")
                        .cropPadding(4)
                        .hflip(true)
                        .mixup(0.8)
                        .cutmix(1)
                        .build(),
                recipe);
        assertEquals(recipe, family(code.load("Net")).recipe());
        Object run = call(code.load("NetTraining"), "builder");
        assertTrue(run instanceof Training.Builder, String.valueOf(run));
    }

    @Test
    void eachWrittenSettingIsOneLineWithItsSpecLineAndAnExactLiteral(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("net.vmodel");
        Files.writeString(spec, CIFAR);
        String source = GeneratedCode.of(dir.resolve("out"), spec).source("NetTraining");
        List<String> settings = source.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(".") && l.contains("// net.vmodel:"))
                .toList();
        assertEquals(
                List.of(
                        ".optimizer(\"adamw\") // net.vmodel:7",
                        ".lr(5.5e-4) // net.vmodel:8",
                        ".minLr(1e-5) // net.vmodel:9",
                        ".weightDecay(0.06) // net.vmodel:10",
                        ".warmupEpochs(10) // net.vmodel:11",
                        ".labelSmoothing(0.1) // net.vmodel:12",
                        ".epochs(300) // net.vmodel:13",
                        ".batch(128) // net.vmodel:14",
                        ".clipGrad(1.0) // net.vmodel:15",
                        ".seed(3000000000L) // net.vmodel:16",
                        ".dataset(\"cifar10\") // net.vmodel:17",
                        ".cropPadding(4) // net.vmodel:18",
                        ".hflip(true) // net.vmodel:19",
                        ".mixup(0.8) // net.vmodel:20",
                        ".cutmix(1.0) // net.vmodel:21"),
                settings);
        assertTrue(source.contains("Trains {@link Net} with the recipe of {@code net.vmodel:6}"), source);
        assertTrue(source.contains("System.exit(TrainCli.run(Net.FAMILY, args));"), source);
    }

    @Test
    void aModelWithoutATrainSectionGetsAHarnessWithTheDefaults(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("net.vmodel");
        Files.writeString(spec, CIFAR);
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        Class<?> harness = code.load("PlainTraining");
        assertEquals(TrainRecipe.defaults(), call(harness, "recipe"));
        assertEquals(TrainRecipe.defaults(), family(code.load("Plain")).recipe());
        assertTrue(code.source("PlainTraining").contains("return TrainRecipe.defaults();"));
        // The harness is a holder of static methods, with a main the JVM can start.
        assertTrue(Modifier.isFinal(harness.getModifiers()));
        Method main = harness.getMethod("main", String[].class);
        assertTrue(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()));
        assertEquals(1, harness.getDeclaredConstructors().length);
        assertTrue(Modifier.isPrivate(harness.getDeclaredConstructors()[0].getModifiers()));
    }

    /** The runtime's names as spec names: the harness must still compile (JavaPoet qualifies one). */
    @Test
    void modelsNamedLikeTheTypesTheHarnessUsesCompile(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("names.vmodel");
        StringBuilder text = new StringBuilder();
        for (String name : List.of("Training", "TrainRecipe", "TrainCli", "GMlp")) {
            text.append("model ")
                    .append(name)
                    .append(" {\n  input vector(4)\n  classes 2\n  linear(classes)\n  train { epochs = 7 }\n}\n");
        }
        Files.writeString(spec, text.toString());
        GeneratedCode code = GeneratedCode.of(dir.resolve("out"), spec);
        for (String name : List.of("Training", "TrainRecipe", "TrainCli", "GMlp")) {
            TrainRecipe r = (TrainRecipe) call(code.load(name + "Training"), "recipe");
            assertEquals(7, r.epochs(), name);
            assertNotNull(family(code.load(name)).recipe());
        }
    }
}
