package dev.vmodel.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmodel.semantic.model.TrainRecipe;
import org.junit.jupiter.api.Test;

/**
 * The papers' recipes, through the harnesses the plugin generated in this build: each equals the
 * recipe written out here from the paper, and each model's family returns its harness's recipe.
 */
class ZooRecipesTest {

    /** Hassani et al., CIFAR-10: the same for CCT and CVT. */
    static final TrainRecipe CIFAR10 = TrainRecipe.builder()
            .optimizer("adamw")
            .lr(5.5e-4)
            .minLr(1e-5)
            .weightDecay(0.06)
            .warmupEpochs(10)
            .schedule("cosine")
            .labelSmoothing(0.1)
            .epochs(300)
            .batch(128)
            .dataset("cifar10")
            .cropPadding(4)
            .hflip(true)
            .mixup(0.8)
            .cutmix(1.0)
            .build();

    @Test
    void cctAndCvtTrainWithTheCifarRecipe() {
        assertEquals(CIFAR10, CctTraining.recipe());
        assertEquals(CIFAR10, CvtTraining.recipe());
        assertEquals(CIFAR10, Cct.FAMILY.recipe());
        assertEquals(CIFAR10, Cvt.FAMILY.recipe());
    }

    @Test
    void gMlpTrainsWithItsImageNetRecipe() {
        TrainRecipe expected = TrainRecipe.builder()
                .lr(1e-3)
                .beta1(0.9)
                .beta2(0.99)
                .eps(1e-6)
                .weightDecay(0.05)
                .warmupEpochs(32) // 10k steps of 4096 images of ImageNet-1k's 1,281,167
                .labelSmoothing(0.1)
                .clipGrad(1.0)
                .epochs(300)
                .batch(4096)
                .dataset("imagenet")
                .randomResizedCrop(true)
                .hflip(true)
                .mixup(0.8)
                .cutmix(1.0)
                .build();
        assertEquals(expected, GMlpTraining.recipe());
        assertEquals(expected, GMlp.FAMILY.recipe());
    }

    @Test
    void mixerTrainsWithADeitStyleRecipeAndThePapersClipping() {
        TrainRecipe expected = TrainRecipe.builder()
                .lr(1e-3)
                .weightDecay(0.05)
                .warmupEpochs(32)
                .labelSmoothing(0.1)
                .clipGrad(1.0)
                .epochs(300)
                .batch(4096)
                .dataset("imagenet")
                .randomResizedCrop(true)
                .hflip(true)
                .mixup(0.8)
                .cutmix(1.0)
                .build();
        assertEquals(expected, MlpMixerTraining.recipe());
        assertEquals(expected, MlpMixer.FAMILY.recipe());
    }
}
