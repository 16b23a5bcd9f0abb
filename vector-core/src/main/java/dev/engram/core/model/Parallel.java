package dev.engram.core.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Work split over threads so that results do not depend on the thread count: the work comes in a fixed number of
 * chunks, each chunk is done by one thread alone, and what chunks produce is combined afterwards in chunk order by
 * the caller. Which thread takes which chunk (its own, task t of T chunks t, t + T, ..., then any left over)
 * changes nothing but the time, and per-task scratch space is used by one thread at a time.
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

    /** One call of {@link #run}: what helpers need to take part, and the counters they share. */
    private static final class Job {
        final Body body;
        final int tasks;
        final int chunks;
        /** Per chunk: whether a thread has taken it. */
        final AtomicIntegerArray taken;
        /** The chunks finished (or abandoned after a failure). */
        final AtomicInteger done = new AtomicInteger();
        volatile RuntimeException failure;

        Job(Body body, int tasks, int chunks) {
            this.body = body;
            this.tasks = tasks;
            this.chunks = chunks;
            this.taken = new AtomicIntegerArray(chunks);
        }

        /**
         * Runs this task's own chunks ({@code task}, {@code task + tasks}, ...: the same threads get the same
         * chunks in every job, so a thread finds the data it wrote last time in its own cache), then any chunk no
         * thread has taken yet (a late or descheduled thread's).
         */
        void work(int task) {
            for (int c = task; c < chunks; c += tasks) {
                runIfFree(task, c);
            }
            for (int c = 0; c < chunks; c++) {
                runIfFree(task, c);
            }
        }

        private void runIfFree(int task, int c) {
            if (taken.get(c) != 0 || !taken.compareAndSet(c, 0, 1)) {
                return;
            }
            try {
                if (failure == null) {
                    body.run(task, c);
                }
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                if (task == 0) {
                    throw e;        // the caller's own: as it was thrown (an OutOfMemoryError stays one)
                }
                failure = new IllegalStateException("a training worker failed: " + e, e);
            } finally {
                done.incrementAndGet();
            }
        }
    }

    /**
     * The helper threads. Chunks are dealt (task t takes t, t + T, ...) and then stolen: a thread that has done its
     * own takes any chunk not yet begun, so a helper that the system has descheduled (a compiler or collector
     * thread, another process) holds up only the chunk it has begun, and a helper that wakes late finds its chunks
     * done and does not hold up the caller at all. (Dealt chunks alone made some epochs several times slower on a
     * machine with as many other runnable threads as cores; taken chunks alone lost the cache locality of the
     * dealing, as the first helper to wake took chunk 0.) Which thread does a chunk changes nothing but the time.
     */
    private static final class Team {
        /** Spin this long waiting for the helpers' last chunks before yielding the core between checks. */
        private static final long WAIT_SPIN_NANOS = 50_000;
        private final Thread[] helpers;
        private final AtomicInteger generation = new AtomicInteger();
        private volatile Job job;

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
            Job j = new Job(body, tasks, chunks);
            job = j;
            generation.incrementAndGet();          // publishes the job to the helpers
            for (int h = 0; h < tasks - 1; h++) {
                LockSupport.unpark(helpers[h]);
            }
            j.work(0);
            long since = System.nanoTime();
            while (j.done.get() < chunks) {
                if (System.nanoTime() - since < WAIT_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            job = null;
            RuntimeException e = j.failure;
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
                Job j = job;
                if (j != null && task < j.tasks) {
                    j.work(task);
                }
            }
        }
    }
}
