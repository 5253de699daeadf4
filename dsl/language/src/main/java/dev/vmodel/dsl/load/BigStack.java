package dev.vmodel.dsl.load;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Runs work on a thread with a large stack: the parser and the passes over the AST recurse once
 * per nesting level, and specs may nest 10,000 levels deep. Work started on such a thread runs
 * inline, so nested calls (the loader parsing a file) cost nothing.
 */
public final class BigStack {
    private BigStack() {}

    public static final long STACK_SIZE = 1L << 30;

    private static final class Worker extends Thread {
        Worker(Runnable r, String name, long stackSize) {
            super(null, r, name, stackSize);
        }
    }

    /** Whether the current thread already has the large stack. */
    public static boolean onBigStack() {
        return Thread.currentThread() instanceof Worker;
    }

    /** Runs {@code task} with a {@link #STACK_SIZE} stack and returns its result or rethrows its failure. */
    public static <T> T call(String name, Callable<T> task) throws Exception {
        if (onBigStack()) return task.call();
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Runnable body = () -> {
            try {
                result[0] = task.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        };
        Worker thread = null;
        // Where the address space is limited, settle for a smaller stack, or this thread's own.
        for (long size = STACK_SIZE; size >= (16L << 20) && thread == null; size /= 4) {
            Worker candidate = new Worker(body, name, size);
            candidate.setDaemon(true);
            candidate.setContextClassLoader(Thread.currentThread().getContextClassLoader());
            try {
                candidate.start();
                thread = candidate;
            } catch (OutOfMemoryError e) {
                // try a smaller stack
            }
        }
        if (thread == null) return task.call();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure[0] instanceof Exception e) throw e;
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] != null) throw new RuntimeException(failure[0]);
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /** {@link #call} for work that throws no checked exception. */
    public static <T> T get(String name, Supplier<T> task) {
        try {
            return call(name, task::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
