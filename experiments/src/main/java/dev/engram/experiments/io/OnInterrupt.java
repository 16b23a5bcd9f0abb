package dev.engram.experiments.io;

import java.io.IOException;

/**
 * What a long run does when the JVM is stopped (Ctrl-C, SIGTERM: the shutdown hooks run, then the JVM exits with
 * 130 or 143): {@code action} runs once, unless the run ended first ({@link #close}). Writes of the run that must
 * not interleave with the action, or follow it, go through {@link #whileRunning}.
 */
public final class OnInterrupt implements AutoCloseable {
    /** An action that may fail with an I/O error. */
    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }

    private final Object lock = new Object();
    private final Thread hook;
    private boolean over;

    private OnInterrupt(String name, Runnable action) {
        this.hook = new Thread(() -> {
            synchronized (lock) {
                if (over) {
                    return;
                }
                over = true;
                action.run();
            }
        }, name);
    }

    /** Registers {@code action} to run if the JVM stops before {@link #close}. */
    public static OnInterrupt install(String name, Runnable action) {
        OnInterrupt o = new OnInterrupt(name, action);
        Runtime.getRuntime().addShutdownHook(o.hook);
        return o;
    }

    /** Runs {@code write} unless the interrupt action has run (or is running). */
    public void whileRunning(IoAction write) throws IOException {
        synchronized (lock) {
            if (!over) {
                write.run();
            }
        }
    }

    /** The run is over: the action will not run. */
    @Override
    public void close() {
        synchronized (lock) {
            over = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs and finds the run over
        }
    }
}
