package dev.vmodel.semantic.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recipe outside the language: its defaults, builder, text overrides and settings map. */
class TrainRecipeTest {

    @Test
    void settingsFollowTheRecordComponentsInOrderAndName() {
        List<String> components = Arrays.stream(TrainRecipe.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        assertEquals(components, RecipeSetting.keys());
        assertEquals(28, components.size());
        for (RecordComponent c : TrainRecipe.class.getRecordComponents()) {
            RecipeSetting s = RecipeSetting.byKey(c.getName()).orElseThrow();
            Class<?> expected = switch (s.kind()) {
                case NUMBER -> double.class;
                case WHOLE -> long.class;
                case BOOLEAN -> boolean.class;
                case SYMBOL -> String.class;
            };
            assertEquals(expected, c.getType(), c.getName());
        }
    }

    @Test
    void defaultsAreACommonAdamWCosineRecipe() {
        TrainRecipe d = TrainRecipe.defaults();
        assertEquals("adamw", d.optimizer());
        assertEquals(1e-3, d.lr());
        assertEquals(1e-5, d.minLr());
        assertEquals(1e-6, d.warmupLr());
        assertEquals(0.9, d.beta1());
        assertEquals(0.999, d.beta2());
        assertEquals(1e-8, d.eps());
        assertEquals(0.9, d.momentum());
        assertFalse(d.nesterov());
        assertEquals("cosine", d.schedule());
        assertEquals(30, d.decayEpochs());
        assertEquals(0.1, d.decayRate());
        assertEquals(42, d.seed());
        assertEquals(0.1, d.validationSplit());
        assertEquals("auto", d.normalize());
        assertEquals(0, d.cropPadding());
        assertFalse(d.randomResizedCrop());
        assertEquals(0.08, d.minScale());
        assertFalse(d.hflip());
        assertEquals(0.0, d.mixup());
        assertEquals(0.0, d.cutmix());
        assertEquals(0.0, d.clipGrad());
    }

    @Test
    void builderSetsEachSettingItNames() {
        TrainRecipe r = TrainRecipe.builder()
                .optimizer("sgd")
                .lr(0.1)
                .momentum(0.8)
                .nesterov(true)
                .epochs(90)
                .warmupEpochs(0)
                .schedule("step")
                .decayEpochs(30)
                .decayRate(0.2)
                .cropPadding(4)
                .hflip(true)
                .dataset("fashionMnist")
                .build();
        assertEquals("sgd", r.optimizer());
        assertEquals(0.1, r.lr());
        assertEquals(0.8, r.momentum());
        assertEquals(true, r.nesterov());
        assertEquals(90, r.epochs());
        assertEquals(0, r.warmupEpochs());
        assertEquals("step", r.schedule());
        assertEquals(0.2, r.decayRate());
        assertEquals(4, r.cropPadding());
        assertEquals("fashionMnist", r.dataset());
        // What was not set keeps its default.
        assertEquals(TrainRecipe.defaults().weightDecay(), r.weightDecay());
        assertEquals(TrainRecipe.defaults().batch(), r.batch());
        assertEquals(TrainRecipe.defaults(), TrainRecipe.builder().build());
        assertEquals(r, r.toBuilder().build());
    }

    @Test
    void buildRefusesAValueOutOfRangeInOneLine() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().lr(0).build());
        assertEquals("bad value '0.0' for recipe setting 'lr' (expects a positive number)", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().optimizer("lamb").build());
        assertEquals(
                "bad value 'lamb' for recipe setting 'optimizer' (expects one of adamw, adam, sgd)", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().beta2(1).build());
        assertEquals("bad value '1.0' for recipe setting 'beta2' (expects a number in [0, 1))", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().optimizer(null).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().lr(Double.NaN).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().lr(1e-50).build());
    }

    @Test
    void buildRefusesSettingsOutOfOrder() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().epochs(5).warmupEpochs(5).build());
        assertEquals("warmupEpochs (5) must be less than epochs (5)", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainRecipe.builder().lr(1e-4).minLr(2e-4).build());
        assertEquals("minLr (0.0002) must be at most lr (0.0001)", e.getMessage());
        // Equal is fine for the learning rates: a constant floor.
        assertEquals(1e-4, TrainRecipe.builder().lr(1e-4).minLr(1e-4).build().minLr());
    }

    @Test
    void withReadsEachKindFromText() {
        TrainRecipe d = TrainRecipe.defaults();
        assertEquals(5e-4, d.with("lr", "5e-4").lr());
        assertEquals(5.5e-4, d.with("lr", " 5.5e-4 ").lr());
        assertEquals(0.06, d.with("weightDecay", "0.06").weightDecay());
        assertEquals(64, d.with("batch", "64").batch());
        assertEquals(300, d.with("epochs", "3e2").epochs());
        assertEquals(-7, d.with("seed", "-7").seed());
        assertEquals(true, d.with("hflip", "true").hflip());
        assertEquals(false, d.with("hflip", "true").with("hflip", "false").hflip());
        assertEquals("cifar10", d.with("dataset", "cifar10").dataset());
        assertEquals("cifar100", d.with("dataset", "\"cifar100\"").dataset());
        assertEquals("sgd", d.with("optimizer", "sgd").optimizer());
        // Only the named setting changes.
        TrainRecipe changed = d.with("mixup", "0.8");
        assertEquals(0.8, changed.mixup());
        assertEquals(d.settings().size(), changed.settings().size());
        for (Map.Entry<String, Object> e : d.settings().entrySet()) {
            if (!e.getKey().equals("mixup"))
                assertEquals(e.getValue(), changed.settings().get(e.getKey()));
        }
    }

    @Test
    void withNamesAnUnknownSettingAndListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TrainRecipe.defaults().with("lrr", "1"));
        assertEquals(
                "unknown recipe setting 'lrr'; known: optimizer, lr, minLr, warmupLr, weightDecay, momentum,"
                        + " nesterov, beta1, beta2, eps, warmupEpochs, schedule, decayEpochs, decayRate,"
                        + " labelSmoothing, epochs, batch, clipGrad, seed, dataset, validationSplit, normalize,"
                        + " cropPadding, randomResizedCrop, minScale, hflip, mixup, cutmix",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            lr              | abc     | a positive number
            lr              | 0       | a positive number
            lr              | -1e-3   | a positive number
            lr              | NaN     | a positive number
            lr              | 0x1p-3  | a positive number
            lr              | 1e-3d   | a positive number
            lr              | ''      | a positive number
            minLr           | -1e-6   | a number of at least 0
            warmupLr        | -1      | a number of at least 0
            weightDecay     | -0.05   | a number of at least 0
            momentum        | 1       | a number in [0, 1)
            nesterov        | yes     | true or false
            nesterov        | TRUE    | true or false
            beta1           | 1.0     | a number in [0, 1)
            beta2           | -0.1    | a number in [0, 1)
            eps             | 0       | a positive number
            warmupEpochs    | -1      | a whole number of at least 0
            warmupEpochs    | 2.5     | a whole number of at least 0
            schedule        | cosin   | one of cosine, step, constant, linear
            decayEpochs     | 0       | a positive whole number
            decayRate       | 0       | a number in (0, 1]
            decayRate       | 1.5     | a number in (0, 1]
            labelSmoothing  | 1       | a number in [0, 1)
            epochs          | 0       | a positive whole number
            epochs          | 1e20    | a positive whole number
            batch           | 12.5    | a positive whole number
            clipGrad        | -1      | a number of at least 0 (0 = off)
            seed            | 4.2     | a whole number
            dataset         | coco    | one of imagenet, cifar10, cifar100, mnist, fashionMnist, folder, synthetic
            dataset         | CIFAR10 | one of imagenet, cifar10, cifar100, mnist, fashionMnist, folder, synthetic
            validationSplit | 1       | a number in [0, 1)
            normalize       | zscore  | one of auto, imagenet, cifar, mnist, half, none
            cropPadding     | -4      | a whole number of at least 0 (0 = off)
            randomResizedCrop | 1     | true or false
            minScale        | 0       | a number in (0, 1]
            minScale        | 1.01    | a number in (0, 1]
            hflip           | on      | true or false
            mixup           | -0.8    | a number of at least 0 (0 = off)
            cutmix          | -1      | a number of at least 0 (0 = off)
            optimizer       | lamb    | one of adamw, adam, sgd
            """)
    void withRefusesABadValueNamingWhatTheSettingExpects(String key, String text, String expects) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TrainRecipe.defaults().with(key, text));
        assertEquals(
                "bad value '" + text + "' for recipe setting '" + key + "' (expects " + expects + ")", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            warmupLr        | 0
            momentum        | 0
            beta1           | 0.5
            beta2           | 0.98
            eps             | 1e-6
            warmupEpochs    | 0
            schedule        | constant
            schedule        | linear
            decayEpochs     | 1
            decayRate       | 1
            labelSmoothing  | 0
            clipGrad        | 1.0
            dataset         | mnist
            dataset         | folder
            dataset         | synthetic
            validationSplit | 0
            normalize       | half
            normalize       | none
            cropPadding     | 4
            randomResizedCrop | true
            minScale        | 1
            mixup           | 0.2
            cutmix          | 1.0
            """)
    void withTakesAGoodValue(String key, String text) {
        TrainRecipe r = TrainRecipe.defaults().with(key, text);
        Object expected = RecipeSetting.byKey(key).orElseThrow().parse(text);
        assertEquals(expected, r.settings().get(key));
        assertEquals(expected, r.get(RecipeSetting.byKey(key).orElseThrow()));
    }

    @Test
    void withRefusesANumberAFloatCannotHold() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TrainRecipe.defaults().with("lr", "1e-50"));
        assertEquals(
                "bad value '1e-50' for recipe setting 'lr' (outside the range of a 32-bit float, in which"
                        + " training computes)",
                e.getMessage());
    }

    @Test
    void withChecksTheRelationsOfTheWholeRecipe() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TrainRecipe.defaults().with("epochs", "2"));
        assertEquals("warmupEpochs (5) must be less than epochs (2)", e.getMessage());
        TrainRecipe quick = TrainRecipe.defaults().with("warmupEpochs", "0").with("epochs", "2");
        assertEquals(2, quick.epochs());
    }

    @Test
    void settingsAreTypedAndInOrder() {
        Map<String, Object> s = TrainRecipe.defaults().settings();
        assertEquals(RecipeSetting.keys(), List.copyOf(s.keySet()));
        assertEquals("adamw", s.get("optimizer"));
        assertEquals(Double.valueOf(1e-3), s.get("lr"));
        assertEquals(Long.valueOf(300), s.get("epochs"));
        assertEquals(Boolean.FALSE, s.get("hflip"));
        assertThrows(UnsupportedOperationException.class, () -> s.put("lr", 1.0));
    }

    @Test
    void setTakesBoxedValuesOfTheRightKindOnly() {
        TrainRecipe r = TrainRecipe.builder()
                .set(RecipeSetting.BATCH, 64)
                .set(RecipeSetting.LR, 1)
                .build();
        assertEquals(64, r.batch());
        assertEquals(1.0, r.lr());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TrainRecipe.builder().set(RecipeSetting.BATCH, 6.5));
        assertEquals("bad value '6.5' for recipe setting 'batch' (expects a positive whole number)", e.getMessage());
        assertNotEquals(TrainRecipe.defaults(), r);
    }
}
