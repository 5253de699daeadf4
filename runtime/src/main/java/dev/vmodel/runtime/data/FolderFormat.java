package dev.vmodel.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * An ImageFolder tree, as torchvision reads it: {@code root/<class>/**.png|jpg|jpeg}, classes in
 * sorted folder-name order; or {@code root/train/<class>/...} with {@code root/val/<class>/...} (or
 * {@code test/}) as the validation split. Hidden files and folders are skipped, and so are files
 * with other extensions. Every image's header is read when the tree is listed, so that a file that
 * is not an image fails at once, by name, rather than in the middle of an epoch.
 */
final class FolderFormat {
    static final String EXPECTS = "one folder of .png/.jpg/.jpeg images per class (root/<class>/...),"
            + " or root/train/<class>/... with root/val/<class>/... (or root/test/)";

    /** The images of one part of the tree, in order, with their labels. */
    record Listing(Path dir, List<String> classes, Path[] files, int[] labels, boolean allGray) {}

    private FolderFormat() {}

    /** Whether {@code root} looks like an ImageFolder tree (has a visible sub-folder). */
    static boolean present(Path root) {
        return !subfolders(root).isEmpty();
    }

    /** The training part: {@code root/train} when it holds class folders, else {@code root}. */
    static Path trainDir(Path root) {
        Path train = root.resolve("train");
        return Files.isDirectory(train) && !subfolders(train).isEmpty() ? train : root;
    }

    /** The validation part ({@code val/} or {@code test/}) when the training part is {@code train/}. */
    static Path validationDir(Path root) {
        if (trainDir(root).equals(root)) {
            return null;
        }
        for (String name : new String[] {"val", "test"}) {
            Path dir = root.resolve(name);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return null;
    }

    /**
     * Lists {@code dir}: its class folders (all of them, or, when {@code known} is given, some of
     * those classes) and their images.
     */
    static Listing list(Path dir, List<String> known) throws DataException {
        List<Path> folders = subfolders(dir);
        if (folders.isEmpty()) {
            throw new DataException(dir + ": no class folders; expected " + EXPECTS);
        }
        List<String> classes = new ArrayList<>();
        for (Path folder : folders) {
            classes.add(folder.getFileName().toString());
        }
        List<String> labelsOf = known == null ? classes : known;
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            int label = labelsOf.indexOf(name);
            if (label < 0) {
                throw new DataException(
                        folder + ": class '" + name + "' is not one of the " + labelsOf.size() + " training classes");
            }
            List<Path> images = images(folder);
            if (images.isEmpty()) {
                throw new DataException(folder + ": no .png/.jpg/.jpeg images in this class folder");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(label);
            }
        }
        Path[] fileArray = files.toArray(new Path[0]);
        boolean allGray = checkHeaders(fileArray);
        return new Listing(
                dir,
                labelsOf,
                fileArray,
                labels.stream().mapToInt(Integer::intValue).toArray(),
                allGray);
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p) && !hidden(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Path> images(Path folder) throws DataException {
        try (Stream<Path> walk = Files.walk(folder, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> Files.isRegularFile(p) && isImageName(p) && !hiddenBelow(folder, p))
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DataException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean hiddenBelow(Path folder, Path p) {
        for (Path part : folder.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads every header (in parallel: a large tree has many files); throws for the first file, in
     * listing order, that is not a readable image. Returns whether every image is gray.
     */
    private static boolean checkHeaders(Path[] files) throws DataException {
        String[] problems = new String[files.length];
        boolean[] gray = new boolean[files.length];
        IntStream.range(0, files.length).parallel().forEach(i -> {
            try {
                gray[i] = readHeader(files[i]);
            } catch (DataException e) {
                problems[i] = e.getMessage();
            }
        });
        boolean allGray = true;
        for (int i = 0; i < files.length; i++) {
            if (problems[i] != null) {
                throw new DataException(problems[i]);
            }
            allGray &= gray[i];
        }
        return allGray;
    }

    /** Reads the header of one image; returns whether it is gray. */
    static boolean readHeader(Path file) throws DataException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DataException(file + ": cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(file + ": not a PNG or JPEG image (unrecognised content)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new DataException(file + ": bad image size " + w + "x" + h);
                }
                try {
                    ImageTypeSpecifier type = reader.getRawImageType(0);
                    return type != null && type.getColorModel().getNumColorComponents() == 1;
                } catch (IOException | RuntimeException e) {
                    return false; // the colour type is only a hint; decoding will tell
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + ": corrupt image header (" + e.getMessage() + ")", e);
        }
    }
}
