package dev.engram.core.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Work split over threads so that results do not depend on the thread count: the work comes in a fixed number of
 * chunks, each chunk is done by one thread alone, and what chunks produce is combined afterwards in chunk order by
 * the caller. Which thread takes which chunk (task t of T takes chunks t, t + T, ...) changes nothing but the
 * time.
 *
 * <p>The helpers are daemon threads shared by every model (as many as the machine has cores, less the caller),
 * started on first use. Training hands them work several times per batch, every few hundred microseconds, so a
 * helper that has just finished spins (with {@link Thread#onSpinWait}) for a while before it parks: a parked
 * thread takes tens of microseconds to wake, which at that rate cost more than a third of the second core (a
 * {@code ForkJoinPool} measured 1.25× on two threads, the spinning team 1.6×). A helper parks after about a
 * millisecond without work, so an idle model costs nothing. One job runs at a time (callers queue on a lock).
 */
public final class Parallel {
    /** What one task does with one chunk. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param task  the task (0 to tasks − 1): an index into per-task scratch space
         * @param chunk the chunk to do
         */
        void run(int task, int chunk);
    }

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Spin this long after a job before parking (nanoseconds). */
    private static final long SPIN_NANOS = 1_000_000;
    private static final Object LOCK = new Object();
    private static Team team;

    private Parallel() {
    }

    /**
     * The number of threads {@code requested} means: itself, or for 0 the process default, which is the system
     * property {@code engram.threads} (what {@code engram --threads T} sets) or else every core.
     */
    public static int threads(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("threads is " + requested + "; accepted: 0 (every core) or more");
        }
        if (requested > 0) {
            return requested;
        }
        String p = System.getProperty("engram.threads");
        if (p == null || p.isBlank()) {
            return CORES;
        }
        try {
            int t = Integer.parseInt(p.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property engram.threads is '" + p + "'; accepted: an integer >= 1");
    }

    /** How many tasks {@link #run} uses for {@code chunks} chunks on {@code threads} threads. */
    public static int tasks(int threads, int chunks) {
        return Math.max(1, Math.min(Math.min(threads, CORES), chunks));
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
        synchronized (LOCK) {
            if (team == null) {
                team = new Team(CORES - 1);
            }
            team.run(tasks, chunks, body);
        }
    }

    /** The helper threads and the job they share. */
    private static final class Team {
        private final Thread[] helpers;
        private final AtomicInteger generation = new AtomicInteger();
        private final AtomicInteger pending = new AtomicInteger();
        private volatile Body body;
        private volatile int tasks;
        private volatile int chunks;
        private volatile RuntimeException failure;

        Team(int size) {
            helpers = new Thread[size];
            for (int h = 0; h < size; h++) {
                int task = h + 1;
                Thread t = new Thread(() -> loop(task), "engram-worker-" + task);
                t.setDaemon(true);
                helpers[h] = t;
                t.start();
            }
        }

        void run(int tasks, int chunks, Body body) {
            this.body = body;
            this.tasks = tasks;
            this.chunks = chunks;
            this.failure = null;
            pending.set(tasks - 1);
            generation.incrementAndGet();          // publishes the fields above to the helpers
            for (int h = 0; h < tasks - 1; h++) {
                LockSupport.unpark(helpers[h]);
            }
            RuntimeException mine = null;
            try {
                for (int c = 0; c < chunks; c += tasks) {
                    body.run(0, c);
                }
            } catch (RuntimeException e) {
                mine = e;
            }
            while (pending.get() != 0) {
                Thread.onSpinWait();
            }
            this.body = null;
            RuntimeException e = mine != null ? mine : failure;
            if (e != null) {
                throw e;
            }
        }

        private void loop(int task) {
            int seen = 0;   // the generation before the first job (a helper may start after it was published)
            while (true) {
                long idleSince = System.nanoTime();
                while (generation.get() == seen) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = generation.get();
                int t = tasks;
                if (task < t) {
                    Body b = body;
                    int n = chunks;
                    try {
                        for (int c = task; c < n; c += t) {
                            b.run(task, c);
                        }
                    } catch (RuntimeException e) {
                        failure = e;
                    } catch (Error e) {
                        failure = new IllegalStateException("a training worker failed: " + e, e);
                    }
                    pending.decrementAndGet();
                }
            }
        }
    }
}
