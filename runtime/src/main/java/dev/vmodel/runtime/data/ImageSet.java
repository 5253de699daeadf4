package dev.vmodel.runtime.data;

import java.util.List;

/**
 * A labelled image set of fixed shape. Pixels are unsigned bytes, channel-first ({@code [C, H, W]}),
 * already adapted to the model's input (resized, channels converted). Implementations are safe to
 * read from several threads at once.
 */
public abstract class ImageSet {

    /** A short name for messages, e.g. {@code "mnist train"}. */
    public abstract String name();

    /** The number of images. */
    public abstract int size();

    /** The channels of every image. */
    public abstract int channels();

    /** The height of every image. */
    public abstract int height();

    /** The width of every image. */
    public abstract int width();

    /** The number of classes; labels are in {@code [0, classes())}. */
    public abstract int classes();

    /** The class names, {@link #classes()} of them, in label order. */
    public abstract List<String> classNames();

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
        public String name() {
            return base.name();
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public int channels() {
            return base.channels();
        }

        @Override
        public int height() {
            return base.height();
        }

        @Override
        public int width() {
            return base.width();
        }

        @Override
        public int classes() {
            return base.classes();
        }

        @Override
        public List<String> classNames() {
            return base.classNames();
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
