package dev.vmodel.runtime.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a request the training loop honours between steps: the
 * loop writes a checkpoint and ends, and only then does the JVM exit.
 *
 * <p>A shutdown hook is the portable way to hear both signals. When the hook runs, the JVM is
 * already shutting down but the training thread still runs; the hook raises the flag and waits
 * (at most {@link #GRACE_SECONDS}) until the loop says it has finished writing, so the checkpoint
 * is complete before the process ends. A run that ends normally removes the hook.
 */
final class StopSignal implements AutoCloseable {

    /** How long a signal waits for the loop to write its checkpoint before the JVM exits anyway. */
    static final long GRACE_SECONDS = 120;

    private volatile boolean requested;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopSignal(boolean install) {
        hook = new Thread(this::onSignal, "vmodel-train-stop");
        if (install) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /**
     * Listens for Ctrl-C and SIGTERM until closed.
     *
     * @return the signal
     */
    static StopSignal install() {
        return new StopSignal(true);
    }

    /**
     * A signal nobody can raise except {@link #request()}: for runs embedded in another program.
     *
     * @return the signal
     */
    static StopSignal manual() {
        return new StopSignal(false);
    }

    /** Asks the loop to stop at the next step boundary. */
    void request() {
        requested = true;
    }

    /**
     * Returns whether a stop was asked for.
     *
     * @return true after a signal or {@link #request()}
     */
    boolean requested() {
        return requested;
    }

    private void onSignal() {
        requested = true;
        try {
            finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The loop is done (checkpoint written or not needed): lets a pending signal end the JVM. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already (the hook is running), or never installed: nothing to remove
        }
    }
}
