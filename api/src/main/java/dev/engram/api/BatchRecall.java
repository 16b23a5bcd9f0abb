package dev.engram.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recalls a batch of probes over one frozen {@link BipolarMemory}, split across threads.
 *
 * <p>The batch is cut into {@code threads} contiguous slices of (nearly) equal size; slice 0 runs on the calling
 * thread, the others on this object's worker threads, each with its own {@link RecallWorkspace} that is kept
 * between calls. Results land in probe order. Which probe a thread gets depends only on the batch size and the
 * thread count, so the outcome is deterministic; for a model whose recall depends only on the probe (the built-in
 * models reseed their random order from the probe) it equals sequential recall for every thread count. Each
 * thread hands its slice to {@link BipolarMemory#recallBatch} as one batch, so a model with block kernels (the
 * built-in {@code dam} in sync mode, {@code hopfield}) reads its weights once for several probes.
 *
 * <p>An instance is made for one memory and one thread count and may be reused for many batches (the benchmark
 * form); it is not itself thread-safe (one batch at a time) and must be {@linkplain #close closed} to stop its
 * worker threads. {@link #recall(BipolarMemory, List, NeuronMask, int)} is the one-shot form.
 *
 * @since 0.2
 */
public final class BatchRecall implements AutoCloseable {

    /** The largest thread count accepted. */
    public static final int MAX_THREADS = 1024;

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final BipolarMemory memory;
    private final int threads;
    private final int words;
    private final RecallWorkspace[] workspaces;
    private final ExecutorService pool;
    private final List<Future<?>> pending;
    private volatile boolean closed;

    /**
     * A batch recall over {@code memory} with {@code threads} threads (1 = all on the calling thread). It makes one
     * workspace per thread and, for more than one thread, a pool of {@code threads - 1} daemon worker threads.
     *
     * @param memory  the memory, already frozen
     * @param threads the number of threads, from 1 to {@value #MAX_THREADS}
     * @throws IllegalArgumentException when {@code memory} is null or not frozen, or {@code threads} is outside
     *                                  [1, {@value #MAX_THREADS}]
     */
    public BatchRecall(BipolarMemory memory, int threads) {
        if (memory == null) {
            throw new IllegalArgumentException("batch recall needs a memory, got null");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("thread count is " + threads + "; accepted: 1 to " + MAX_THREADS);
        }
        if (!memory.isFrozen()) {
            throw new IllegalArgumentException("the " + memory.providerName() + " model is not frozen; call freeze() "
                    + "before recalling from several threads");
        }
        this.memory = memory;
        this.threads = threads;
        this.words = BipolarPattern.wordsFor(memory.dimension());
        this.workspaces = new RecallWorkspace[threads];
        for (int t = 0; t < threads; t++) {
            workspaces[t] = memory.newWorkspace();
        }
        this.pending = new ArrayList<>(threads);
        if (threads == 1) {
            this.pool = null;
        } else {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread th = new Thread(r, "engram-batch-recall-" + id + "-" + n.incrementAndGet());
                th.setDaemon(true);
                return th;
            };
            this.pool = Executors.newFixedThreadPool(threads - 1, tf);
        }
    }

    /**
     * The memory recalled from.
     *
     * @return the memory given to the constructor
     */
    public BipolarMemory memory() {
        return memory;
    }

    /**
     * The number of threads a batch is split across.
     *
     * @return the thread count, calling thread included
     */
    public int threads() {
        return threads;
    }

    /**
     * Recalls {@code count} probes stored one after another in {@code probes} (packed,
     * {@link BipolarPattern#wordsFor} words each) and writes recalled state j at {@code out[j * words]}. Only the
     * neurons of {@code update} change ({@code null} = all). Returns how many recalls converged.
     *
     * @param probes the packed probes, {@code count * wordsFor(dimension)} words from index 0 (not changed)
     * @param count  the number of probes, 0 or more
     * @param out    receives the recalled states, {@code count * wordsFor(dimension)} words from index 0
     * @param update the neurons that may change, or {@code null} for all
     * @return the number of recalls that reached a fixed point, from 0 to {@code count}
     * @throws IllegalArgumentException when the arrays are too short, {@code count} is negative or the mask is for
     *                                  another dimension
     * @throws IllegalStateException    when this batch recall is closed
     */
    public int recallInto(long[] probes, int count, long[] out, NeuronMask update) {
        if (closed) {
            throw new IllegalStateException("this batch recall is closed");
        }
        if (count < 0) {
            throw new IllegalArgumentException("probe count is " + count + "; accepted: 0 or more");
        }
        long need = (long) count * words;
        if (probes == null || probes.length < need) {
            throw new IllegalArgumentException(count + " probes of dimension " + memory.dimension() + " need " + need
                    + " words; the probe array has " + (probes == null ? "none" : probes.length));
        }
        if (out == null || out.length < need) {
            throw new IllegalArgumentException(count + " results of dimension " + memory.dimension() + " need " + need
                    + " words; the output array has " + (out == null ? "none" : out.length));
        }
        if (update != null) {
            update.requireDimension(memory.dimension());
        }
        if (count == 0) {
            return 0;
        }
        int slices = Math.min(threads, count);
        int[] converged = new int[slices];
        pending.clear();
        for (int t = 1; t < slices; t++) {
            final int slice = t;
            pending.add(pool.submit(() -> converged[slice] = runSlice(slice, slices, probes, count, out, update)));
        }
        Throwable failure = null;
        try {
            converged[0] = runSlice(0, slices, probes, count, out, update);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new IllegalStateException("interrupted while waiting for a batch recall", e);
                }
            }
        }
        pending.clear();
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
        if (failure != null) {
            throw new IllegalStateException("batch recall failed: " + failure, failure);
        }
        int sum = 0;
        for (int c : converged) {
            sum += c;
        }
        return sum;
    }

    private int runSlice(int slice, int slices, long[] probes, int count, long[] out, NeuronMask update) {
        int from = (int) ((long) count * slice / slices);
        int to = (int) ((long) count * (slice + 1) / slices);
        // the slice as one batch: a model with a block kernel recalls its probes together
        return memory.recallBatch(probes, from * words, to - from, out, from * words, update, workspaces[slice]);
    }

    /**
     * Recalls every probe (in order) with every neuron of {@code update} free ({@code null} = all).
     *
     * @param probes the probes, each of the memory's dimension
     * @param update the neurons that may change, or {@code null} for all
     * @return the recalled states, in probe order
     * @throws IllegalStateException    when this batch recall is closed
     * @throws IllegalArgumentException when a probe's dimension differs from the memory's
     */
    public List<BipolarPattern> recall(List<BipolarPattern> probes, NeuronMask update) {
        int n = memory.dimension();
        long[] in = new long[probes.size() * words];
        for (int j = 0; j < probes.size(); j++) {
            BipolarPattern p = probes.get(j);
            if (p == null) {
                throw new IllegalArgumentException("probe " + j + " is null");
            }
            if (p.size() != n) {
                throw new DimensionMismatchException(n, p.size(), "probe " + j + " has dimension " + p.size() + "; this "
                        + memory.providerName() + " model has dimension " + n);
            }
            p.copyWordsTo(in, j * words);
        }
        long[] out = new long[in.length];
        recallInto(in, probes.size(), out, update);
        List<BipolarPattern> result = new ArrayList<>(probes.size());
        for (int j = 0; j < probes.size(); j++) {
            result.add(BipolarPattern.fromWords(out, j * words, n));
        }
        return result;
    }

    /**
     * One-shot batch recall: makes a {@code BatchRecall}, recalls {@code probes} in order, and closes it.
     *
     * @param memory  the memory, already frozen
     * @param probes  the probes, each of the memory's dimension
     * @param update  the neurons that may change, or {@code null} for all
     * @param threads the number of threads, from 1 to {@value #MAX_THREADS}
     * @return the recalled states, in probe order
     * @throws IllegalArgumentException when the memory is not frozen, the thread count is out of range or a probe's
     *                                  dimension differs from the memory's
     */
    public static List<BipolarPattern> recall(BipolarMemory memory, List<BipolarPattern> probes, NeuronMask update,
                                              int threads) {
        try (BatchRecall b = new BatchRecall(memory, threads)) {
            return b.recall(probes, update);
        }
    }

    /** Stops the worker threads; further batches are refused. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
