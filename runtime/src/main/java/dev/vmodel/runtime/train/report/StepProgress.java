package dev.vmodel.runtime.train.report;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of one epoch: step / steps, loss (running mean), img/s and ETA.
 *
 * <p>How it shows ({@link Mode}) is chosen as an epoch starts: the system property {@value
 * #MODE_PROPERTY} ({@code bar}, {@code plain}, {@code off} or {@code auto}) when set, otherwise
 * {@code auto}: a bar on an interactive terminal ({@code System.console() != null}, and {@code TERM}
 * is not {@code dumb}), plain lines anywhere else (Maven's forked JVM, CI logs, output redirected
 * to a file), where a bar redrawn with carriage returns would pile up as one endless line or as
 * thousands of lines. Plain lines come at most every {@link #DEFAULT_PLAIN_INTERVAL} and at the
 * end of the epoch:
 *
 * <pre>epoch 3/10 step 120/469 loss 1.2345 312.4 img/s ETA 1m05s</pre>
 *
 * <p>{@link #step} is called after every training step and costs well under a microsecond (about
 * 80 ns with plain lines, 160 ns with the bar, on a busy 2-core machine): it adds the loss to a sum
 * and reads the clock; text is made only when a line or a new bar message is due.
 * The loss shown is the mean over the steps this object was told about (after a resume in the
 * middle of an epoch: the steps since the resume); img/s is the caller's figure, shown as given.
 * Not thread-safe: one training thread calls it.
 */
public final class StepProgress implements AutoCloseable {
    /** The system property that chooses the {@link Mode}: {@code bar}, {@code plain}, {@code off} or {@code auto}. */
    public static final String MODE_PROPERTY = "vmodel.progress";

    /** The least time between two plain lines. */
    public static final Duration DEFAULT_PLAIN_INTERVAL = Duration.ofSeconds(10);

    /** How progress shows. */
    public enum Mode {
        /** A bar redrawn in place (progressbar library), for an interactive terminal. */
        BAR,
        /** A line now and then, for logs. */
        PLAIN,
        /** Nothing. */
        OFF;

        /**
         * The mode for this JVM: {@value #MODE_PROPERTY} when set, otherwise a bar on an
         * interactive terminal and plain lines elsewhere.
         *
         * @return the mode
         * @throws IllegalArgumentException when the property has another value (one line, naming it)
         */
        public static Mode detect() {
            String chosen = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            return switch (chosen) {
                case "bar" -> BAR;
                case "plain" -> PLAIN;
                case "off" -> OFF;
                case "auto", "" -> interactiveTerminal() ? BAR : PLAIN;
                default ->
                    throw new IllegalArgumentException(MODE_PROPERTY + " must be bar, plain, off or auto, not '"
                            + System.getProperty(MODE_PROPERTY) + "'");
            };
        }

        private static boolean interactiveTerminal() {
            Console console = System.console();
            // Java 17: console() is null unless both stdin and stdout are a terminal.
            if (console == null || "dumb".equals(System.getenv("TERM"))) {
                return false;
            }
            // Java 22 and later return a console even for redirected output, and say with isTerminal()
            // (a method Java 17, which this code is compiled for, does not have).
            try {
                return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException e) {
                return true;
            }
        }
    }

    private final String label;
    private final long steps;
    private final long firstStep;
    private final PrintStream out;
    private final Mode mode;
    private final long plainIntervalNanos;
    private final LongSupplier clock;
    private final long startNanos;
    private final TerminalBar bar;

    private long nextOutputNanos;
    private double lossSum;
    private long lossCount;
    private long lastStep;
    private double lastImagesPerSecond;
    private boolean lastStepShown = true;
    private boolean closed;

    private StepProgress(
            String label,
            long steps,
            long firstStep,
            PrintStream out,
            Mode mode,
            Duration plainInterval,
            LongSupplier clock,
            int barWidth) {
        if (steps < 1) {
            throw new IllegalArgumentException("an epoch has at least one step, got " + steps);
        }
        if (firstStep < 0 || firstStep > steps) {
            throw new IllegalArgumentException("firstStep must be in [0, " + steps + "], got " + firstStep);
        }
        this.label = label;
        this.steps = steps;
        this.firstStep = firstStep;
        this.out = out;
        this.mode = mode;
        this.plainIntervalNanos = plainInterval.toNanos();
        this.clock = clock;
        this.lastStep = firstStep;
        this.startNanos = clock.getAsLong();
        this.nextOutputNanos =
                startNanos + (mode == Mode.BAR ? TerminalBar.REFRESH_MILLIS * 1_000_000L : plainIntervalNanos);
        this.bar = mode == Mode.BAR ? new TerminalBar(label, steps, firstStep, out, barWidth) : null;
    }

    /**
     * Starts the progress of an epoch in the {@link Mode#detect() detected} mode.
     *
     * @param label what the epoch is, e.g. "epoch 3/10"
     * @param steps the steps of the epoch
     * @param firstStep the steps already done (when resuming in the middle of the epoch), else 0
     * @param out where to write (stderr, typically)
     * @param enabled false to print nothing
     * @return the progress, to be closed at the end of the epoch
     */
    public static StepProgress start(String label, long steps, long firstStep, PrintStream out, boolean enabled) {
        return start(label, steps, firstStep, out, enabled ? Mode.detect() : Mode.OFF, DEFAULT_PLAIN_INTERVAL);
    }

    /**
     * Starts the progress of an epoch in a given mode.
     *
     * @param label what the epoch is, e.g. "epoch 3/10"
     * @param steps the steps of the epoch
     * @param firstStep the steps already done (when resuming in the middle of the epoch), else 0
     * @param out where to write (stderr, typically)
     * @param mode how to show it
     * @param plainInterval the least time between two plain lines
     * @return the progress, to be closed at the end of the epoch
     */
    public static StepProgress start(
            String label, long steps, long firstStep, PrintStream out, Mode mode, Duration plainInterval) {
        return new StepProgress(label, steps, firstStep, out, mode, plainInterval, System::nanoTime, 0);
    }

    /** For tests: a clock to control, and a bar of a fixed width instead of the terminal's. */
    static StepProgress start(
            String label,
            long steps,
            long firstStep,
            PrintStream out,
            Mode mode,
            Duration plainInterval,
            LongSupplier clock,
            int barWidth) {
        return new StepProgress(label, steps, firstStep, out, mode, plainInterval, clock, barWidth);
    }

    /**
     * Records a finished step.
     *
     * @param stepInEpoch the steps done in this epoch, from 1
     * @param loss the loss of this step
     * @param imagesPerSecond the throughput to show
     */
    public void step(long stepInEpoch, double loss, double imagesPerSecond) {
        if (mode == Mode.OFF || closed) {
            return;
        }
        lossSum += loss;
        lossCount++;
        lastStep = stepInEpoch;
        lastImagesPerSecond = imagesPerSecond;
        lastStepShown = false;
        boolean last = stepInEpoch >= steps;
        if (bar != null) {
            bar.stepTo(stepInEpoch);
        }
        long now = clock.getAsLong();
        if (now - nextOutputNanos >= 0 || last) {
            show(now);
        }
    }

    /** Shows the last step if it was not yet (an epoch cut short), and finishes the bar on its own line. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mode == Mode.OFF) {
            return;
        }
        if (!lastStepShown && lossCount > 0) {
            show(clock.getAsLong());
        }
        if (bar != null) {
            bar.close();
        }
    }

    private void show(long now) {
        if (bar != null) {
            bar.message(message());
            nextOutputNanos = now + TerminalBar.REFRESH_MILLIS * 1_000_000L;
        } else {
            out.println(label + " step " + lastStep + "/" + steps + " " + message() + " ETA " + eta(now));
            out.flush();
            nextOutputNanos = now + plainIntervalNanos;
        }
        lastStepShown = true;
    }

    private String message() {
        return String.format(Locale.ROOT, "loss %.4f %.1f img/s", lossSum / lossCount, lastImagesPerSecond);
    }

    /** The time left at the pace of the steps done since start, or "?" before the first. */
    private String eta(long now) {
        long done = lastStep - firstStep;
        if (done <= 0) {
            return "?";
        }
        double nanosPerStep = (double) (now - startNanos) / done;
        return duration(Math.round(nanosPerStep * (steps - lastStep) / 1e9));
    }

    /**
     * A duration as people read it: {@code 42s}, {@code 1m05s}, {@code 2h03m09s}.
     *
     * @param seconds whole seconds, not negative
     * @return the text
     */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
