package dev.vmodel.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void namedStatistics() {
        Normalization imagenet = Normalization.named("imagenet", 3);
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, imagenet.mean());
        assertArrayEquals(new float[] {0.229f, 0.224f, 0.225f}, imagenet.std());
        assertArrayEquals(
                new float[] {0.2470f, 0.2435f, 0.2616f},
                Normalization.named("CIFAR", 3).std());
        assertArrayEquals(
                new float[] {0.1307f, 0.1307f, 0.1307f},
                Normalization.named("mnist", 3).mean());
        assertArrayEquals(new float[] {0.3081f}, Normalization.named("mnist", 1).std());
        assertArrayEquals(
                new float[] {0.5f, 0.5f}, Normalization.named("half", 2).std());
        assertArrayEquals(new float[] {0f}, Normalization.named("none", 1).mean());
    }

    @Test
    void oneChannelModelsTakeTheMeanOfTheColourStatistics() {
        Normalization gray = Normalization.named("imagenet", 1);
        assertEquals((0.485 + 0.456 + 0.406) / 3, gray.mean()[0], 1e-6);
        assertEquals((0.229 + 0.224 + 0.225) / 3, gray.std()[0], 1e-6);
        assertEquals(
                (0.4914 + 0.4822 + 0.4465) / 3, Normalization.named("cifar", 1).mean()[0], 1e-6);
    }

    @Test
    void autoFollowsTheFormat() {
        assertEquals(Normalization.named("mnist", 1), Normalization.auto(DataFormat.IDX, 1));
        assertEquals(Normalization.named("cifar", 3), Normalization.auto(DataFormat.CIFAR100, 3));
        assertEquals(Normalization.named("imagenet", 3), Normalization.auto(DataFormat.FOLDER, 3));
        assertEquals(Normalization.named("half", 3), Normalization.auto(DataFormat.SYNTHETIC, 3));
    }

    @Test
    void tableIsTorchvisionsToTensorThenNormalize() {
        float[][] table = Normalization.named("cifar", 3).table();
        assertEquals((128 / 255.0 - 0.4914) / 0.2470, table[0][128], 1e-6);
        assertEquals((0 - 0.4822) / 0.2435, table[1][0], 1e-6);
        assertEquals((1 - 0.4465) / 0.2616, table[2][255], 1e-6);
    }

    @Test
    void unknownNamesAndBadShapesAreRefused() {
        assertEquals(
                "unknown normalisation 'imagenette'; known: imagenet, cifar, mnist, half, none",
                assertThrows(IllegalArgumentException.class, () -> Normalization.named("imagenette", 3))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.named("imagenet", 4));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0}, new float[] {0}));
    }

    @Test
    void formatsParseFromTheirNames() {
        assertEquals(DataFormat.IDX, DataFormat.parse("mnist"));
        assertEquals(DataFormat.IDX, DataFormat.parse("fashionMnist"));
        assertEquals(DataFormat.IDX, DataFormat.parse("idx"));
        assertEquals(DataFormat.CIFAR10, DataFormat.parse("cifar10"));
        assertEquals(DataFormat.CIFAR100, DataFormat.parse("CIFAR-100"));
        assertEquals(DataFormat.FOLDER, DataFormat.parse("imagenet"));
        assertEquals(DataFormat.SYNTHETIC, DataFormat.parse("synthetic"));
        assertEquals(
                "unknown dataset format 'svhn'; known: idx (mnist, fashionMnist), cifar10, cifar100, folder (imagenet),"
                        + " synthetic",
                assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("svhn"))
                        .getMessage());
    }
}
