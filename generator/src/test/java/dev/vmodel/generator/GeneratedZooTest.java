package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.vmodel.runtime.ModelStats;
import dev.vmodel.runtime.model.SpecModel;
import dev.vmodel.semantic.model.ModelInstance;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variant of the zoo, generated, compiled and built in DJL (PyTorch engine, CPU, offline):
 * its parameter count equals the static count and, for published variants, DESIGN.md's table;
 * a forward and backward pass runs at reduced depth and image size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedZooTest {
    static final Path ZOO = Path.of("../model-specs");

    /** DESIGN.md's reference counts. */
    static final Map<String, Long> PUBLISHED = PublishedCounts.byModelAndVariant();

    GeneratedCode code;

    @BeforeAll
    void generateAndCompile(@TempDir Path dir) {
        code = GeneratedCode.of(
                dir,
                ZOO.resolve("gmlp.vmodel"),
                ZOO.resolve("mlp-mixer.vmodel"),
                ZOO.resolve("cct.vmodel"),
                ZOO.resolve("cvt.vmodel"));
        assertEquals(23, code.instances().size());
        // The sources as generated, for a reader to look at: target/generated-zoo.
        for (GeneratedFile f : code.files) {
            Path out = Path.of("target/generated-zoo").resolve(f.path());
            try {
                java.nio.file.Files.createDirectories(out.getParent());
                java.nio.file.Files.writeString(out, f.content());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * A spec name equal to a type generated code names (a repeat index {@code Math}, a label
     * {@code Sizes}) would obscure that type, so the allocators keep clear of {@code
     * JavaNames.TYPE_NAMES}: every type the generated zoo imports must be listed there.
     */
    @org.junit.jupiter.api.Test
    void everyImportedTypeIsKeptClearOfSpecNames() {
        java.util.Set<String> kept =
                new java.util.HashSet<>(java.util.List.of(dev.vmodel.generator.lower.JavaNames.TYPE_NAMES));
        java.util.regex.Pattern imported = java.util.regex.Pattern.compile("(?m)^import [\\w.]+\\.(\\w+);$");
        for (GeneratedFile f : code.files) {
            java.util.regex.Matcher m = imported.matcher(f.content());
            while (m.find()) assertTrue(kept.contains(m.group(1)), f.path() + " imports " + m.group(1));
        }
    }

    /** Generated code is read by people: no line past 120 characters, however long a builder chain is. */
    @org.junit.jupiter.api.Test
    void noGeneratedLineIsLongerThan120Characters() {
        for (GeneratedFile f : code.files) {
            String[] lines = f.content().split("\n");
            for (int i = 0; i < lines.length; i++) {
                assertTrue(
                        lines[i].length() <= 120,
                        f.path() + ":" + (i + 1) + " has " + lines[i].length() + " characters: " + lines[i]);
            }
        }
    }

    /**
     * A block's constructor takes the named sizes of its input it needs ({@code tokens},
     * {@code channels}, ...), passed by its caller, never a whole {@code Shape}.
     */
    @org.junit.jupiter.api.Test
    void noBlockConstructorTakesAShape() {
        for (GeneratedFile f : code.files) {
            if (!f.path().endsWith(".java")) continue;
            String simple =
                    f.path().substring(f.path().lastIndexOf('/') + 1, f.path().length() - ".java".length());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("public " + simple + "\\(([^)]*)\\)")
                    .matcher(f.content());
            while (m.find()) {
                assertTrue(
                        !m.group(1).matches("(?s).*\\bShape\\b.*"),
                        f.path() + ": a constructor takes a Shape: " + m.group());
            }
        }
    }

    /**
     * No generated method declares a local it never reads ({@code long depth = config.depth();}
     * left unused): javac does not warn about them, a reader does.
     */
    @org.junit.jupiter.api.Test
    void noGeneratedLocalIsLeftUnread() {
        java.util.regex.Pattern declaration =
                java.util.regex.Pattern.compile("^\\s+(?:final\\s+)?[\\w.<>\\[\\]]+\\s+(\\w+)\\s*=[^=].*$");
        for (GeneratedFile f : code.files) {
            if (!f.path().endsWith(".java")) continue;
            String[] lines = f.content().split("\n");
            for (int i = 0; i < lines.length; i++) {
                java.util.regex.Matcher d = declaration.matcher(lines[i]);
                if (!d.matches() || lines[i].contains("private ") || lines[i].contains("public ")) continue;
                java.util.regex.Pattern use = java.util.regex.Pattern.compile("\\b" + d.group(1) + "\\b");
                boolean read = false;
                int depth = 0;
                for (int j = i + 1; j < lines.length && !read && depth >= 0; j++) {
                    String line = lines[j].replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
                    if (line.trim().startsWith("//")) continue;
                    read = use.matcher(line).find();
                    for (char c : line.toCharArray()) {
                        if (c == '{') depth++;
                        if (c == '}') depth--;
                    }
                }
                assertTrue(read, f.path() + ":" + (i + 1) + " declares a local never read: " + lines[i].trim());
            }
        }
    }

    Stream<Arguments> variants() {
        return code.instances().stream().map(m -> Arguments.of(m.model() + "/" + m.variant(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void parameterCountInDjlEqualsTheStaticCount(String name, ModelInstance instance) {
        SpecModel model = GeneratedModels.build(code, instance.model(), instance.variant(), Map.of());
        try (NDManager manager = Engines.newBaseManager()) {
            Shape input = model.inputShape(1);
            assertEquals(
                    new Shape(1, 3, instance.input().height(), instance.input().width()), input);
            model.initialize(manager, DataType.FLOAT32, input);
            long djl = ModelStats.trainableParameterCount(model);
            assertEquals(instance.cost().params(), djl, name);
            if (PUBLISHED.containsKey(name)) assertEquals(PUBLISHED.get(name), djl, name + " (published)");
            assertArrayEquals(
                    new Shape[] {new Shape(1, instance.classes())}, model.getOutputShapes(new Shape[] {input}));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void forwardAndBackwardAtReducedSize(String name, ModelInstance instance) {
        Map<String, Number> small = new HashMap<>();
        small.put("depth", 2);
        small.put("layers", 2);
        if (instance.input().height() == 224) small.put("imageSize", 64);
        SpecModel model = GeneratedModels.build(code, instance.model(), instance.variant(), small);
        try (NDManager manager = Engines.newBaseManager()) {
            Shape input = model.inputShape(2);
            model.initialize(manager, DataType.FLOAT32, input);
            long classes = model.classes();
            try (NDManager step = manager.newSubManager();
                    GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray x = step.randomNormal(input);
                NDArray out = model.forward(new ParameterStore(step, false), new NDList(x), true)
                        .singletonOrThrow();
                assertEquals(new Shape(2, classes), out.getShape(), name);
                assertEquals(out.getShape(), model.getOutputShapes(new Shape[] {input})[0]);
                assertTrue(Float.isFinite(out.sum().getFloat()), name + ": output is not finite");
                NDArray target = step.randomNormal(out.getShape());
                gc.backward(out.sub(target).square().mean());
                double norm = 0;
                for (Pair<String, Parameter> p : model.getParameters()) {
                    if (!p.getValue().requiresGradient()) continue;
                    NDArray g = p.getValue().getArray().getGradient();
                    float sq = g.square().sum().getFloat();
                    assertTrue(Float.isFinite(sq), name + ": gradient of " + p.getKey() + " is not finite");
                    norm += sq;
                }
                assertTrue(norm > 0, name + ": no gradient reached any parameter");
            }
        }
    }
}
