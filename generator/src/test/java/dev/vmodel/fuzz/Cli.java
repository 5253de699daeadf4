package dev.vmodel.fuzz;

import dev.vmodel.cli.VModelCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code vmodel} command line run in this JVM, as a user runs it (same entry point, same
 * streams), on its own thread with a time bound. A run that overstays is stopped, with the
 * loader's and validator's worker threads: the fuzzer must survive a hang or an
 * OutOfMemoryError and go on with the next mutant.
 */
public final class Cli {
    private Cli() {}

    /**
     * One run.
     *
     * @param rc the exit code (-1 when none: timed out or an exception escaped)
     * @param out standard output
     * @param err standard error
     * @param millis wall time
     * @param timedOut whether it ran past the bound and was stopped
     * @param escaped the throwable that escaped {@code VModelCli.run}, or null
     */
    public record Answer(int rc, String out, String err, long millis, boolean timedOut, Throwable escaped) {
        public String text() {
            return out + err;
        }
    }

    /** Runs {@code vmodel args...}; never throws. */
    public static Answer run(Duration limit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<Integer> rc = new AtomicReference<>();
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        rc.set(VModelCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true)));
                    } catch (Throwable e) {
                        escaped.set(e);
                    }
                },
                "vmodel-fuzz-cli");
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        boolean timedOut = false;
        try {
            t.join(limit.toMillis());
            if (t.isAlive()) {
                timedOut = true;
                stop(t);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Answer(
                rc.get() == null ? -1 : rc.get(), out.toString(), err.toString(), millis, timedOut, escaped.get());
    }

    /**
     * Stops a runaway run and the large-stack workers it started ({@code BigStack} threads named
     * vmodel-loader / vmodel-validator); only one run is in flight at a time, so every such thread is its.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private static void stop(Thread t) throws InterruptedException {
        try {
            for (int attempt = 0; attempt < 20 && t.isAlive(); attempt++) {
                for (Thread w : Thread.getAllStackTraces().keySet()) {
                    if (w.getName().startsWith("vmodel-loader") || w.getName().startsWith("vmodel-validator")) w.stop();
                }
                t.stop();
                t.join(250);
            }
        } catch (UnsupportedOperationException e) {
            // Java 20 and later cannot stop a thread: the runaway goes on in the background, as a
            // daemon, and the next mutant shares the machine with it.
            t.interrupt();
        }
        System.gc();
    }
}
