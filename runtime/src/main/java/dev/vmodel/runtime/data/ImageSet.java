package dev.vmodel.runtime.data;

import java.util.List;

/**
 * A labelled image set of fixed shape. Pixels are unsigned bytes, channel-first ({@code [C, H, W]}),
 * already adapted to the model's input (resized, channels converted). Implementations are safe to
 * read from several threads at once.
 */
public abstract class ImageSet {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    /**
     * @param name a short name for messages, e.g. {@code "mnist train"}
     * @param channels the channels of every image
     * @param height the height of every image
     * @param width the width of every image
     * @param classNames the class names, in label order
     */
    protected ImageSet(String name, int channels, int height, int width, List<String> classNames) {
        this.name = name;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
    }

    /** A short name for messages, e.g. {@code "mnist train"}. */
    public final String name() {
        return name;
    }

    /** The number of images. */
    public abstract int size();

    /** The channels of every image. */
    public final int channels() {
        return channels;
    }

    /** The height of every image. */
    public final int height() {
        return height;
    }

    /** The width of every image. */
    public final int width() {
        return width;
    }

    /** The number of classes; labels are in {@code [0, classes())}. */
    public final int classes() {
        return classNames.size();
    }

    /** The class names, {@link #classes()} of them, in label order. */
    public final List<String> classNames() {
        return classNames;
    }

    /** The label of image {@code i}. */
    public abstract int label(int i);

    /**
     * Copies image {@code i} ({@code channels() * height() * width()} unsigned bytes, channel-first)
     * into the start of {@code dst}.
     *
     * @throws DataException naming the file, if the image cannot be read or decoded
     */
    public abstract void pixels(int i, byte[] dst) throws DataException;

    /** The bytes of one image: {@code channels() * height() * width()}. */
    public final int imageBytes() {
        return channels() * height() * width();
    }

    /**
     * A view of the images at {@code indices} (in that order), sharing this set's storage.
     *
     * @throws IndexOutOfBoundsException if an index is not an image of this set
     */
    public ImageSet subset(int[] indices) {
        int[] own = indices.clone();
        for (int index : own) {
            checkIndex(index);
        }
        return new Subset(this, own);
    }

    /** Throws unless {@code i} is an image of this set. */
    protected final void checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("image " + i + " of " + name() + ", which has " + size());
        }
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " images, " + channels() + "x" + height() + "x" + width() + ", " + classes()
                + " classes)";
    }

    /** The view {@link #subset} returns; a subset of a subset reads the base set directly. */
    private static final class Subset extends ImageSet {
        private final ImageSet base;
        private final int[] indices;

        Subset(ImageSet base, int[] indices) {
            super(base.name(), base.channels(), base.height(), base.width(), base.classNames());
            if (base instanceof Subset inner) {
                int[] mapped = new int[indices.length];
                for (int k = 0; k < indices.length; k++) {
                    mapped[k] = inner.indices[indices[k]];
                }
                this.base = inner.base;
                this.indices = mapped;
            } else {
                this.base = base;
                this.indices = indices;
            }
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public int label(int i) {
            checkIndex(i);
            return base.label(indices[i]);
        }

        @Override
        public void pixels(int i, byte[] dst) throws DataException {
            checkIndex(i);
            base.pixels(indices[i], dst);
        }
    }
}
