package dev.vmodel.runtime.train.report;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The bar of {@link StepProgress} on an interactive terminal, drawn by the progressbar library
 * (me.tongfei): it redraws one line in place with a carriage return from its own refresher thread,
 * so the training thread only records the step, and it measures the terminal's width through JLine.
 *
 * <p>Two things the library leaves to its user. Its consumer for a given stream never flushes, and
 * a line without a line end can sit in a stream's buffer (stderr's included), so the bar is drawn
 * by {@link Line}, which flushes each frame and ends the bar with one line end on close. And its
 * refresher is one thread of a static executor that, once started, stays for the life of the JVM;
 * {@link #letRefresherExpire()} makes that thread end shortly after the last bar closes.
 */
final class TerminalBar {
    /** How often the library redraws, and the least time between two updates of the message. */
    static final int REFRESH_MILLIS = 200;

    /** How long the library's refresher thread waits for a new bar before it ends. */
    private static final long REFRESHER_KEEP_ALIVE_MILLIS = 20;

    static {
        letRefresherExpire();
    }

    private final ProgressBar bar;
    private final Line line;

    /**
     * Starts a bar.
     *
     * @param width the width of the line in characters, or 0 to measure the terminal (JLine)
     */
    TerminalBar(String label, long steps, long firstStep, PrintStream out, int width) {
        line = width > 0 ? new Line(out, width) : new Line(out);
        bar = new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(steps)
                // The ETA then counts only the steps of this run, not those before a resume.
                .startsFrom(firstStep, Duration.ZERO)
                .setUpdateIntervalMillis(REFRESH_MILLIS)
                .setStyle(unicodeTerminal() ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setConsumer(line)
                .build();
    }

    void stepTo(long step) {
        bar.stepTo(step);
    }

    void message(String message) {
        bar.setExtraMessage(message);
    }

    /** Draws the last frame and ends the line; returns once both are written. */
    void close() {
        bar.close();
        // The library closes the consumer from its refresher thread, unless close() was interrupted
        // while it waited for it: end the line here in any case (Line writes it once).
        line.close();
    }

    /** Block characters only where the console says it writes UTF-8; ASCII anywhere else. */
    private static boolean unicodeTerminal() {
        return System.console() != null
                && StandardCharsets.UTF_8.equals(System.console().charset());
    }

    /**
     * Lets the library's refresher thread end when no bar needs it. The library (0.10.1) keeps it in
     * a package-private static field and gives no way to stop it; it is a daemon, so it never keeps
     * the JVM alive, but a trainer that runs in a long-lived JVM (an IDE, Maven without fork) should
     * not leave it behind. Where the field cannot be reached (a newer library, the module path) the
     * thread simply stays, idle.
     */
    private static void letRefresherExpire() {
        try {
            Field field = Class.forName("me.tongfei.progressbar.Util").getDeclaredField("executor");
            field.setAccessible(true);
            ScheduledThreadPoolExecutor executor = (ScheduledThreadPoolExecutor) field.get(null);
            // A closed bar's cancelled task would otherwise wait in the queue until it is due.
            executor.setRemoveOnCancelPolicy(true);
            executor.setKeepAliveTime(REFRESHER_KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
            executor.allowCoreThreadTimeOut(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Stays as the library made it: one idle daemon thread.
        }
    }

    /** Draws each frame over the last one and flushes it; ends the bar's line once. */
    private static final class Line extends DelegatingProgressBarConsumer {
        private final PrintStream out;
        private boolean ended;

        Line(PrintStream out) {
            super(frame -> draw(out, frame));
            this.out = out;
        }

        Line(PrintStream out, int width) {
            super(frame -> draw(out, frame), width);
            this.out = out;
        }

        private static void draw(PrintStream out, String frame) {
            synchronized (out) {
                out.print('\r');
                out.print(frame);
                out.flush();
            }
        }

        @Override
        public synchronized void close() {
            if (!ended) {
                ended = true;
                out.println();
                out.flush();
            }
        }
    }
}
