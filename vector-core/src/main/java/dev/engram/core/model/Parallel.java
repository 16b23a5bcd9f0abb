package dev.engram.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Work split over threads so that results do not depend on the thread count: the work comes in a fixed number of
 * chunks, each chunk is done by one thread alone, and what chunks produce is combined afterwards in chunk order by
 * the caller. Which thread takes which chunk (task t of T takes chunks t, t + T, ...) changes nothing but the
 * time. The workers are daemon threads of one pool shared by every model, as many as the machine has cores.
 */
public final class Parallel {
    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("engram-worker-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    /** What one task does with one chunk. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param task  the task (0 to tasks − 1): an index into per-task scratch space
         * @param chunk the chunk to do
         */
        void run(int task, int chunk);
    }

    private Parallel() {
    }

    /** The number of threads {@code requested} means: itself, or every core for 0. */
    public static int threads(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("threads is " + requested + "; accepted: 0 (every core) or more");
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }

    /** How many tasks {@link #run} uses for {@code chunks} chunks on {@code threads} threads. */
    public static int tasks(int threads, int chunks) {
        return Math.max(1, Math.min(threads, chunks));
    }

    /**
     * Runs {@code body} for every chunk in {@code [0, chunks)} on {@link #tasks} tasks (the calling thread is task
     * 0) and returns when all are done; an exception in any chunk is thrown here after the others finished.
     */
    public static void run(int threads, int chunks, Body body) {
        int tasks = tasks(threads, chunks);
        if (tasks == 1) {
            for (int c = 0; c < chunks; c++) {
                body.run(0, c);
            }
            return;
        }
        List<ForkJoinTask<?>> others = new ArrayList<>(tasks - 1);
        for (int t = 1; t < tasks; t++) {
            int task = t;
            others.add(POOL.submit(() -> {
                for (int c = task; c < chunks; c += tasks) {
                    body.run(task, c);
                }
            }));
        }
        RuntimeException failure = null;
        try {
            for (int c = 0; c < chunks; c += tasks) {
                body.run(0, c);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ForkJoinTask<?> f : others) {
            try {
                f.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
