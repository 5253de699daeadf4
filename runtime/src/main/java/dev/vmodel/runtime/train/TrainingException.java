package dev.vmodel.runtime.train;

/**
 * A training run that cannot start or cannot go on, for a reason the user can act on: a bad option,
 * a missing or malformed dataset, an output folder that cannot be written, a loss that became NaN.
 * The message is one line; {@link #exitStatus()} is what the command line exits with.
 */
public final class TrainingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Bad usage or bad input: options, data, output folder, a model the data does not fit. */
    public static final int USAGE = 2;

    /** The loss became NaN or infinite; nothing was written after the last good checkpoint. */
    public static final int NOT_FINITE = 3;

    /** Stopped by Ctrl-C or SIGTERM after writing a checkpoint (128 + SIGINT, as shells report it). */
    public static final int INTERRUPTED = 130;

    private final int exitStatus;

    /**
     * Creates the exception.
     *
     * @param message one line saying what is wrong and, where it helps, what to do
     * @param exitStatus the command line's exit status for it
     */
    public TrainingException(String message, int exitStatus) {
        super(message, null, false, false);
        this.exitStatus = exitStatus;
    }

    /**
     * Creates a usage error.
     *
     * @param message one line
     * @return the exception
     */
    static TrainingException usage(String message) {
        return new TrainingException(message, USAGE);
    }

    /**
     * Returns the exit status of the command line for this failure.
     *
     * @return the status
     */
    public int exitStatus() {
        return exitStatus;
    }
}
