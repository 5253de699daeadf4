package dev.vmodel.dsl.validation;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.DUPLICATE_ARGUMENT;
import static dev.vmodel.semantic.IssueCodes.NUMBER_TOO_LARGE;
import static dev.vmodel.semantic.IssueCodes.TYPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_TRAIN_SETTING;
import static dev.vmodel.semantic.IssueCodes.UNUSED_PARAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.TrainRecipe;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code train { }} section: every setting's good values reach the recipe, every bad key or
 * value is an error at its own line with an issue code.
 */
class TrainSectionTest {
    @TempDir
    Path dir;

    SpecFixture specs;

    @BeforeEach
    void setUp() {
        specs = new SpecFixture(dir);
    }

    /** A valid little model whose train section holds {@code settings}, the first on line 7. */
    private SpecFixture.Checked train(String... settings) {
        return specs.check(
                "model M {\n  param dim = 4\n  input vector(4)\n  classes 2\n  linear(dim) -> linear(classes)\n"
                        + "  train {\n    " + String.join("\n    ", settings) + "\n  }\n}\n");
    }

    private static TrainRecipe recipe(SpecFixture.Checked c) {
        assertFalse(c.hasErrors(), c.listing());
        assertEquals(1, c.instances().size());
        return c.instances().get(0).train();
    }

    @Test
    void aPaperRecipeWithEveryKindOfValue() {
        TrainRecipe r = recipe(train(
                "optimizer = adamw",
                "lr = 5.5e-4",
                "minLr = 1e-5",
                "warmupLr = 1e-6",
                "weightDecay = 6e-2",
                "beta1 = 0.9",
                "beta2 = 0.999",
                "eps = 1e-8",
                "warmupEpochs = 10",
                "schedule = cosine",
                "labelSmoothing = 0.1",
                "epochs = 300",
                "batch = 128",
                "clipGrad = 0",
                "seed = 7",
                "dataset = cifar10",
                "validationSplit = 0.1",
                "normalize = cifar",
                "cropPadding = 4",
                "randomResizedCrop = false",
                "minScale = 0.08",
                "hflip = true",
                "mixup = 0.8",
                "cutmix = 1.0"));
        TrainRecipe expected = TrainRecipe.builder()
                .lr(5.5e-4)
                .weightDecay(0.06)
                .warmupEpochs(10)
                .batch(128)
                .seed(7)
                .dataset("cifar10")
                .normalize("cifar")
                .cropPadding(4)
                .hflip(true)
                .mixup(0.8)
                .cutmix(1.0)
                .build();
        assertEquals(expected, r);
    }

    @Test
    void sgdWithAStepScheduleAndArithmetic() {
        TrainRecipe r = recipe(train(
                "optimizer = sgd",
                "lr = 0.1 * 256 / 256",
                "momentum = 0.9",
                "nesterov = true",
                "schedule = step",
                "decayEpochs = 30",
                "decayRate = 0.1",
                "epochs = 3 * 30",
                "warmupEpochs = 0",
                "dataset = \"fashionMnist\""));
        assertEquals("sgd", r.optimizer());
        assertEquals(0.1, r.lr());
        assertTrue(r.nesterov());
        assertEquals("step", r.schedule());
        assertEquals(30, r.decayEpochs());
        assertEquals(90, r.epochs());
        assertEquals(0, r.warmupEpochs());
        assertEquals("fashionMnist", r.dataset());
    }

    @Test
    void aModelWithoutATrainSectionHasTheDefaults() {
        SpecFixture.Checked c = specs.check("model M {\n  input vector(4)\n  classes 2\n  linear(classes)\n}\n");
        assertFalse(c.hasErrors(), c.listing());
        assertEquals(TrainRecipe.defaults(), c.instances().get(0).train());
    }

    @Test
    void everyVariantHasTheSameRecipe() {
        SpecFixture.Checked c = specs.check("model M {\n  param dim\n  input vector(4)\n  classes 2\n"
                + "  variant a(dim = 2)\n  variant b(dim = 8)\n  linear(dim) -> linear(classes)\n"
                + "  train { lr = 0.01 epochs = 20 }\n}\n");
        assertFalse(c.hasErrors(), c.listing());
        assertEquals(2, c.instances().size());
        for (ModelInstance i : c.instances()) {
            assertEquals(0.01, i.train().lr());
            assertEquals(20, i.train().epochs());
        }
    }

    /** One bad setting, on line 7: the error is there, with this code and a message naming the rule. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            optimizer = lamb           | unknown-name       | must be one of adamw, adam, sgd, got lamb
            optimizer = 3              | unknown-name       | must be one of adamw, adam, sgd, got 3
            lr = 0                     | bad-value          | train setting lr must be a positive number, got 0.0
            lr = -1e-3                 | bad-value          | a positive number
            lr = adamw                 | unknown-name       | must be a number
            lr = "0.1"                 | type-mismatch      | must be a number
            minLr = -1e-6              | bad-value          | a number of at least 0
            warmupLr = -1              | bad-value          | a number of at least 0
            weightDecay = -0.05        | bad-value          | a number of at least 0
            momentum = 1               | bad-value          | a number in [0, 1)
            nesterov = 1               | type-mismatch      | true or false
            nesterov = yes             | unknown-name       | true or false
            beta1 = 1                  | bad-value          | a number in [0, 1)
            beta2 = 1.5                | bad-value          | a number in [0, 1)
            eps = 0                    | bad-value          | a positive number
            warmupEpochs = -1          | bad-value          | a whole number of at least 0
            warmupEpochs = 2.5         | type-mismatch      | an integer
            schedule = cosin           | unknown-name       | one of cosine, step, constant, linear, got cosin
            decayEpochs = 0            | bad-value          | a positive whole number
            decayRate = 2              | bad-value          | a number in (0, 1]
            labelSmoothing = 1         | bad-value          | a number in [0, 1)
            epochs = 0                 | bad-value          | a positive whole number
            batch = 0.5                | type-mismatch      | an integer
            clipGrad = -1              | bad-value          | a number of at least 0
            seed = true                | type-mismatch      | an integer
            dataset = coco             | unknown-name       | one of imagenet, cifar10, cifar100, mnist, fashionMnist, folder, synthetic
            dataset = "CIFAR10"        | unknown-name       | got CIFAR10
            validationSplit = 1        | bad-value          | a number in [0, 1)
            normalize = zscore         | unknown-name       | one of auto, imagenet, cifar, mnist, half, none
            cropPadding = -4           | bad-value          | a whole number of at least 0
            randomResizedCrop = 0      | type-mismatch      | true or false
            minScale = 0               | bad-value          | a number in (0, 1]
            hflip = "true"             | type-mismatch      | true or false
            mixup = -0.8               | bad-value          | a number of at least 0
            cutmix = -1                | bad-value          | a number of at least 0
            lr = 1e-50                 | number-too-large   | outside the range of a 32-bit float
            lr = tokens                | bad-value          | 'tokens' is a size of the current value
            """)
    void aBadValueIsAnErrorAtItsSetting(String setting, String code, String message) {
        Diagnostic d = train("// the setting under test:", setting.strip()).error("vmodel." + code.strip(), 8);
        assertTrue(d.message().contains(message.strip()), d.message());
    }

    @Test
    void issueCodesOfTheTableAreTheLanguagesOwn() {
        // The table above spells codes out; keep it in step with IssueCodes.
        assertEquals("vmodel.bad-value", BAD_VALUE);
        assertEquals("vmodel.unknown-name", UNKNOWN_NAME);
        assertEquals("vmodel.type-mismatch", TYPE_MISMATCH);
        assertEquals("vmodel.number-too-large", NUMBER_TOO_LARGE);
    }

    @Test
    void anUnknownSettingSuggestsTheClosestAndListsTheKnownOnes() {
        Diagnostic d = train("lr = 0.1", "hflipp = true").error(UNKNOWN_TRAIN_SETTING, 8);
        assertTrue(d.message().contains("did you mean 'hflip'"), d.message());
        assertTrue(d.message().contains("known: optimizer, lr, minLr"), d.message());
        assertTrue(d.message().endsWith("hflip, mixup, cutmix"), d.message());
    }

    @Test
    void aSettingGivenTwiceIsAnErrorAtTheSecond() {
        train("lr = 0.1", "mixup = 0.8", "mixup = 0.2").error(DUPLICATE_ARGUMENT, 9);
    }

    @Test
    void warmupMustEndBeforeTheLastEpoch() {
        Diagnostic d = train("epochs = 20", "warmupEpochs = 20").error(BAD_VALUE, 8);
        assertEquals("warmupEpochs (20) must be less than epochs (20)", d.message());
        // Against the default warm-up (5 epochs), the error is at the epochs the spec wrote.
        d = train("lr = 0.1", "epochs = 3").error(BAD_VALUE, 8);
        assertEquals("warmupEpochs (5) must be less than epochs (3) (warmupEpochs is the default)", d.message());
    }

    @Test
    void minimumLearningRateMustNotExceedThePeak() {
        Diagnostic d = train("lr = 1e-4", "minLr = 2e-4").error(BAD_VALUE, 8);
        assertEquals("minLr (0.0002) must be at most lr (0.0001)", d.message());
        // Against the default floor (1e-5), the error is at the lr the spec wrote.
        d = train("epochs = 10", "lr = 1e-6").error(BAD_VALUE, 8);
        assertEquals("minLr (0.00001) must be at most lr (0.000001) (minLr is the default)", d.message());
    }

    @Test
    void aSettingCannotUseAParamSinceARecipeIsOnePerModel() {
        SpecFixture.Checked c = specs.check(
                "model M {\n  param dim = 4\n  param rate = 0.1\n  input vector(4)\n"
                        + "  classes 2\n  linear(dim) -> linear(classes)\n  train {\n    lr = rate\n    batch = classes\n  }\n}\n");
        Diagnostic d = c.error(BAD_VALUE, 8);
        assertTrue(d.message().contains("train settings cannot use param 'rate'"), d.message());
        assertTrue(d.message().contains("one recipe for all its variants"), d.message());
        // Used only there, the param is also reported as unused.
        c.warning(UNUSED_PARAM, 3);
    }

    @Test
    void classesIsNotASettingValueEither() {
        Diagnostic d = train("batch = classes").error(BAD_VALUE, 7);
        assertTrue(d.message().contains("train settings cannot use classes"), d.message());
    }

    @Test
    void aSymbolSettingTakesItsNameEvenWhereAParamHasIt() {
        SpecFixture.Checked c = specs.check("model M {\n  param sgd = 4\n  input vector(4)\n  classes 2\n"
                + "  linear(sgd) -> linear(classes)\n  train { optimizer = sgd }\n}\n");
        assertEquals("sgd", recipe(c).optimizer());
    }
}
