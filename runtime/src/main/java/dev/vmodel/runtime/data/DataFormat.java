package dev.vmodel.runtime.data;

import java.util.Locale;

/** The on-disk dataset formats that {@link Datasets} reads. */
public enum DataFormat {
    /** MNIST and Fashion-MNIST: IDX files, raw or gzipped. */
    IDX,
    /** CIFAR-10 binary batches. */
    CIFAR10,
    /** CIFAR-100 binary files (the fine labels are used). */
    CIFAR100,
    /** An ImageFolder tree: one folder of PNG/JPEG images per class. */
    FOLDER,
    /** Images generated from a seed, easy for a tiny model to learn. */
    SYNTHETIC;

    /**
     * The format a user names: {@code idx}, {@code mnist} or {@code fashionMnist} for {@link #IDX};
     * {@code cifar10}; {@code cifar100}; {@code folder} or {@code imagenet} for {@link #FOLDER};
     * {@code synthetic}. Case, dashes and underscores are ignored.
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static DataFormat parse(String text) {
        String key = text == null
                ? ""
                : text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (key) {
            case "idx", "mnist", "fashionmnist" -> IDX;
            case "cifar10" -> CIFAR10;
            case "cifar100" -> CIFAR100;
            case "folder", "imagefolder", "imagenet" -> FOLDER;
            case "synthetic" -> SYNTHETIC;
            default ->
                throw new IllegalArgumentException("unknown dataset format '" + text
                        + "'; known: idx (mnist, fashionMnist), cifar10, cifar100, folder (imagenet), synthetic");
        };
    }

    /** The name {@link #parse} reads back, for messages. */
    public String key() {
        return switch (this) {
            case IDX -> "idx";
            case CIFAR10 -> "cifar10";
            case CIFAR100 -> "cifar100";
            case FOLDER -> "folder";
            case SYNTHETIC -> "synthetic";
        };
    }
}
