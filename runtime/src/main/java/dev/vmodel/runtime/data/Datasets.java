package dev.vmodel.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a dataset from disk in its standard format (never downloads one) and adapts it to the model's
 * input. We read the files ourselves rather than through DJL's basicdataset: its MNIST and CIFAR
 * classes download their archives through a repository and need an NDManager per image, while here
 * images stay plain bytes until a batch is assembled, and every bad file gets a one-line message.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * The training and validation sets that {@code request} names. The format is detected from the
     * files unless the request forces one; the validation set is the format's test split when it has
     * one, else a seeded {@code validationSplit} of the training files (empty when that is 0).
     *
     * <p>Images of another size are resized (bilinear, antialiased when shrinking) to cover the
     * model's input and centre-cropped. Gray data for a 3-channel model needs {@code grayToRgb}; an
     * ImageFolder tree that mixes gray and colour images (as ImageNet does) has its gray images
     * converted to RGB without it, and a 1-channel model reads folder images as luminance. Colour
     * IDX/CIFAR data for a 1-channel model is refused. IDX and CIFAR files are read into memory;
     * folder images are listed (and their headers read) here and decoded when a batch needs them.
     *
     * @throws DataException one line naming the path and what is wrong with it
     */
    public static DataSplit open(DataRequest request) throws DataException {
        checkRequest(request);
        DataFormat format = request.format();
        Path path = request.path();
        if (format == DataFormat.SYNTHETIC || (path == null && format == null)) {
            return synthetic(request);
        }
        if (path == null) {
            throw new DataException("no dataset path given for format " + format.key());
        }
        if (!Files.exists(path)) {
            throw new DataException(path + ": no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            throw new DataException(path + ": not a directory; a dataset is a directory holding " + expectations());
        }
        if (format == null) {
            format = detect(path);
            if (format == null) {
                throw new DataException(path + ": no dataset files found; expected " + expectations());
            }
        } else if (!present(format, path)) {
            DataFormat found = detect(path);
            throw new DataException(path + ": format " + format.key() + " expects " + expects(format)
                    + (found == null ? ", not found" : ", but the directory holds " + found.key() + " files"));
        }
        return switch (format) {
            case IDX -> idx(request, path);
            case CIFAR10 -> cifar(request, path, CifarFormat.cifar10(path));
            case CIFAR100 -> cifar(request, path, CifarFormat.cifar100(path));
            case FOLDER -> folder(request, path);
            case SYNTHETIC -> throw new AssertionError("handled above");
        };
    }

    /** The format of the files in {@code dir}, or null when none is recognised. */
    static DataFormat detect(Path dir) {
        if (IdxFormat.present(dir)) {
            return DataFormat.IDX;
        }
        if (CifarFormat.cifar10(dir) != null) {
            return DataFormat.CIFAR10;
        }
        if (CifarFormat.cifar100(dir) != null) {
            return DataFormat.CIFAR100;
        }
        if (FolderFormat.present(dir)) {
            return DataFormat.FOLDER;
        }
        return null;
    }

    private static boolean present(DataFormat format, Path dir) {
        return switch (format) {
            case IDX -> IdxFormat.present(dir);
            case CIFAR10 -> CifarFormat.cifar10(dir) != null;
            case CIFAR100 -> CifarFormat.cifar100(dir) != null;
            case FOLDER -> FolderFormat.present(dir);
            case SYNTHETIC -> true;
        };
    }

    private static String expects(DataFormat format) {
        return switch (format) {
            case IDX -> IdxFormat.EXPECTS;
            case CIFAR10 -> CifarFormat.EXPECTS_10;
            case CIFAR100 -> CifarFormat.EXPECTS_100;
            case FOLDER -> FolderFormat.EXPECTS;
            case SYNTHETIC -> "no files";
        };
    }

    private static String expectations() {
        return "MNIST IDX files (" + IdxFormat.EXPECTS + "), " + CifarFormat.EXPECTS_10 + ", " + CifarFormat.EXPECTS_100
                + ", or an ImageFolder tree (" + FolderFormat.EXPECTS + ")";
    }

    private static void checkRequest(DataRequest r) throws DataException {
        if (r.channels() <= 0 || r.height() <= 0 || r.width() <= 0) {
            throw new DataException("the model's input " + r.channels() + "x" + r.height() + "x" + r.width()
                    + " is not a valid image shape");
        }
        if (!(r.validationSplit() >= 0 && r.validationSplit() < 1)) {
            throw new DataException("validation split " + r.validationSplit() + " is not in [0, 1)");
        }
    }

    private static DataSplit synthetic(DataRequest r) throws DataException {
        int classes = r.syntheticClasses();
        if (r.syntheticSize() < 2) {
            throw new DataException("synthetic data needs at least 2 images, not " + r.syntheticSize());
        }
        int grid = (int) Math.ceil(Math.sqrt(Math.max(classes, 1)));
        if (classes < 2 || grid > Math.min(r.height(), r.width())) {
            throw new DataException("synthetic data: " + classes + " classes do not fit " + r.height() + "x" + r.width()
                    + " images (at least 2, at most "
                    + Math.min(r.height(), r.width()) * Math.min(r.height(), r.width()) + ")");
        }
        ImageSet all = new SyntheticImageSet(r.syntheticSize(), classes, r.channels(), r.height(), r.width(), r.seed());
        ImageSet[] parts = split(all, r.validationSplit(), r.seed());
        return new DataSplit(
                DataFormat.SYNTHETIC,
                parts[0],
                parts[1],
                "synthetic: " + all.size() + " images of " + classes + " classes, " + shape(r) + ", "
                        + splitText(parts, r));
    }

    private static DataSplit idx(DataRequest r, Path dir) throws DataException {
        Labelled train = IdxFormat.train(dir);
        Labelled test = IdxFormat.hasTest(dir) ? IdxFormat.test(dir) : null;
        checkChannels(dir, 1, r);
        if (test != null && (test.height() != train.height() || test.width() != train.width())) {
            throw new DataException(dir + ": the test images are " + test.height() + "x" + test.width()
                    + " but the training images " + train.height() + "x" + train.width());
        }
        int classes = Math.max(2, train.maxLabel() + 1);
        if (test != null && test.maxLabel() >= classes) {
            throw new DataException(IdxFormat.testLabelsFile(dir) + ": label " + test.maxLabel()
                    + " is out of range: the training labels go up to " + (classes - 1));
        }
        List<String> names = DataFiles.numberedClasses(classes);
        String name = dir.getFileName() == null ? "idx" : dir.getFileName().toString();
        ImageSet trainSet = adapt(name + " train", train, names, r);
        String source = "MNIST IDX at " + dir + ": ";
        String from = train.channels() + "x" + train.height() + "x" + train.width();
        if (test != null) {
            ImageSet testSet = adapt(name + " test", test, names, r);
            return new DataSplit(
                    DataFormat.IDX,
                    trainSet,
                    testSet,
                    source + train.count() + " train, " + test.count() + " test, " + from + arrow(from, r));
        }
        ImageSet[] parts = split(trainSet, r.validationSplit(), r.seed());
        return new DataSplit(
                DataFormat.IDX, parts[0], parts[1], source + splitText(parts, r) + ", " + from + arrow(from, r));
    }

    private static DataSplit cifar(DataRequest r, Path root, CifarFormat cifar) throws DataException {
        checkChannels(cifar.dir(), 3, r);
        Labelled train = cifar.train();
        Labelled test = cifar.test();
        List<String> names = cifar.classNames();
        String name = cifar.classes() == 10 ? "cifar10" : "cifar100";
        ImageSet trainSet = adapt(name + " train", train, names, r);
        String source = cifar.title() + " at " + cifar.dir() + ": ";
        String from = "3x32x32";
        if (test != null) {
            ImageSet testSet = adapt(name + " test", test, names, r);
            return new DataSplit(
                    cifar.classes() == 10 ? DataFormat.CIFAR10 : DataFormat.CIFAR100,
                    trainSet,
                    testSet,
                    source + train.count() + " train, " + test.count() + " test, " + from + arrow(from, r));
        }
        ImageSet[] parts = split(trainSet, r.validationSplit(), r.seed());
        return new DataSplit(
                cifar.classes() == 10 ? DataFormat.CIFAR10 : DataFormat.CIFAR100,
                parts[0],
                parts[1],
                source + splitText(parts, r) + ", " + from + arrow(from, r));
    }

    private static DataSplit folder(DataRequest r, Path root) throws DataException {
        if (r.channels() != 1 && r.channels() != 3) {
            throw new DataException(
                    root + ": the images have 3 channels (RGB) or 1 (gray) but the model takes " + r.channels());
        }
        Path trainDir = FolderFormat.trainDir(root);
        Path valDir = FolderFormat.validationDir(root);
        FolderFormat.Listing train = FolderFormat.list(trainDir, null);
        FolderFormat.Listing val = valDir == null ? null : FolderFormat.list(valDir, train.classes());
        boolean allGray = train.allGray() && (val == null || val.allGray());
        if (allGray && r.channels() == 3) {
            checkChannels(root, 1, r);
        }
        ImageSet trainSet = new FolderImageSet(
                "folder train", train.files(), train.labels(), train.classes(), r.channels(), r.height(), r.width());
        String source = "ImageFolder at " + root + ": " + train.classes().size() + " classes, ";
        String to = ", images resized to " + shape(r);
        if (val != null) {
            ImageSet valSet = new FolderImageSet(
                    "folder " + valDir.getFileName(),
                    val.files(),
                    val.labels(),
                    train.classes(),
                    r.channels(),
                    r.height(),
                    r.width());
            return new DataSplit(
                    DataFormat.FOLDER,
                    trainSet,
                    valSet,
                    source + trainSet.size() + " train (" + trainDir.getFileName() + "/), " + valSet.size()
                            + " validation (" + valDir.getFileName() + "/)" + to);
        }
        ImageSet[] parts = split(trainSet, r.validationSplit(), r.seed());
        return new DataSplit(DataFormat.FOLDER, parts[0], parts[1], source + splitText(parts, r) + to);
    }

    /**
     * Refuses data of {@code dataChannels} that the model cannot take: gray data for a 3-channel model
     * without {@code grayToRgb}, colour data for a 1-channel model, any other count that differs.
     */
    private static void checkChannels(Path where, int dataChannels, DataRequest r) throws DataException {
        int model = r.channels();
        if (dataChannels == model || (dataChannels == 1 && model == 3 && r.grayToRgb())) {
            return;
        }
        if (dataChannels == 1 && model == 3) {
            throw new DataException(where + ": the images have 1 channel but the model takes 3; pass --gray-to-rgb"
                    + " (Maven: -Dvmodel.grayToRgb=true)");
        }
        throw new DataException(
                where + ": the images have " + dataChannels + " channel" + (dataChannels == 1 ? "" : "s")
                        + " but the model takes " + model + "; use a model with " + dataChannels + " input channel"
                        + (dataChannels == 1 ? "" : "s"));
    }

    private static ImageSet adapt(String name, Labelled data, List<String> classNames, DataRequest r) {
        return new ArrayImageSet(
                name,
                data.images(),
                data.channels(),
                data.height(),
                data.width(),
                data.labels(),
                classNames,
                r.channels(),
                r.height(),
                r.width());
    }

    /**
     * A seeded split: a permutation of the images from {@code seed}; its first {@code round(fraction
     * * size)} images (at least one when the fraction is not 0) are the validation set, the rest the
     * training set, each in the original order. A fraction of 0 gives an empty validation set.
     */
    static ImageSet[] split(ImageSet all, double fraction, long seed) throws DataException {
        int n = all.size();
        int held = fraction == 0 ? 0 : (int) Math.max(1, Math.round(fraction * n));
        if (held >= n) {
            throw new DataException(
                    all.name() + ": a validation split of " + fraction + " leaves no training images out of " + n);
        }
        int[] order = Seeds.permutation(n, Seeds.mix(seed, 0x5B1175L));
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ImageSet[] {all.subset(train), all.subset(validation)};
    }

    private static String splitText(ImageSet[] parts, DataRequest r) {
        if (parts[1].size() == 0) {
            return parts[0].size() + " train, no validation";
        }
        return parts[0].size() + " train, " + parts[1].size() + " validation (" + Math.round(r.validationSplit() * 100)
                + "% held out, seed " + r.seed() + ")";
    }

    private static String shape(DataRequest r) {
        return r.channels() + "x" + r.height() + "x" + r.width();
    }

    private static String arrow(String from, DataRequest r) {
        String to = shape(r);
        return from.equals(to) ? "" : " -> " + to;
    }
}
