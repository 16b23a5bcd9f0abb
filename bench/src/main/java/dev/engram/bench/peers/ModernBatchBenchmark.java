package dev.engram.bench.peers;

import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.spi.Registry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batched {@code modern} recall (issue 20): one operation retrieves a block of P probes with
 * {@link RealMemory#recallBatch} (one step, {@code max-steps=1}), split into {@code threads} contiguous halves each
 * on its own thread and workspace. P = 1 is the single-probe path (the block kernels start at 4 probes). Time per
 * probe = score / P; FLOP per probe = 4·N·K (scores {@code Q·Xᵀ} and weighted sums {@code S·X}, 2·N·K each; the
 * softmax's K exponentials not counted), as for NumPy's two sgemm calls. The probes come from {@link Workload}
 * (pattern {@code j % K} with 10 % of its components set to 0), the patterns are ±1 (kept as packed bits) or
 * Gaussian (floats). {@code bench/python/batch_numpy.py} times NumPy's batched form on the same sizes;
 * {@code bench/run-batch.sh} runs both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
public class ModernBatchBenchmark {

    @Param({"128", "1024"})
    public int n;

    @Param({"1000", "10000"})
    public int k;

    @Param({"1", "16", "256"})
    public int p;

    @Param({"bipolar", "gaussian"})
    public String patterns;

    @Param({"1", "2"})
    public int threads;

    /**
     * Fraction of each probe's components set to 0. At 0.1 the probe is close to one pattern and (±1 patterns,
     * P = 1) the single-probe kernel leaves nearly every other row out of the weighted sums
     * ({@code ScalarKernels.SKIP_WEIGHT}); at 0.9 (about 100 known components at N = 1024) the weights are spread
     * and no row is left out: the dense cost. NumPy's cost does not depend on it.
     */
    @Param({"0.1"})
    public String flip;

    /**
     * Standard deviation of Gaussian noise added to every probe component after the mask ({@code SplittableRandom(3)}).
     * At 0 a ±1 probe is ternary (0 or ±1) and scores by exact popcounts; above 0 the probes are floats against the
     * packed ±1 memories (a noisy ±1 cue) and score by the packed ±1 × float product (batches) or the per-probe
     * lookup tables (one probe). NumPy's cost does not depend on it.
     */
    @Param({"0"})
    public String noise;

    /**
     * How the slices reach the other threads: {@code executor}, a fixed thread pool whose idle workers park (what
     * {@code BatchRecall} and most services use; waking a parked worker took 46–53 µs a hand-over on the Zen 4 VM
     * of 2026-12-04), or {@code team}, Engram's training team ({@code Parallel.run}), whose helpers spin for about a
     * millisecond before they park.
     */
    @Param({"executor"})
    public String pool;

    private RealMemory memory;
    private float[] probes;
    private float[] out;
    private RecallWorkspace[] ws;
    private ExecutorService executor;
    private final List<Future<Integer>> pending = new java.util.ArrayList<>();

    @Setup(Level.Trial)
    public void setup() {
        Workload w = Workload.parse("modern:N=" + n + ":K=" + k + ":P=" + p + ":flip=" + flip + ":seed=1"
                + (patterns.equals("gaussian") ? ":patterns=gaussian" : ""));
        Registry registry = Registry.load();
        List<RealVector> pats = w.realPatterns();
        memory = w.realMemoryOf(registry, pats);
        List<RealVector> ps = w.realProbes(pats);
        probes = new float[p * n];
        out = new float[p * n];
        for (int j = 0; j < p; j++) {
            ps.get(j).copyTo(probes, j * n);
        }
        double sigma = Double.parseDouble(noise);
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise is " + noise + "; accepted: a finite value >= 0");
        }
        if (sigma > 0) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            for (int i = 0; i < probes.length; i++) {
                probes[i] += (float) (sigma * r.nextGaussian());
            }
        }
        ws = new RecallWorkspace[threads];
        for (int t = 0; t < threads; t++) {
            ws[t] = memory.newWorkspace();
        }
        if (!pool.equals("executor") && !pool.equals("team")) {
            throw new IllegalArgumentException("pool is " + pool + "; accepted: executor, team");
        }
        executor = threads > 1 && pool.equals("executor") ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread th = new Thread(r, "modern-batch-bench");
            th.setDaemon(true);
            return th;
        }) : null;
        // agreement with one probe at a time, within the documented tolerance
        recall();
        float[] one = new float[n];
        float[] res = new float[n];
        RecallWorkspace w1 = memory.newWorkspace();
        double worst = 0;
        for (int j = 0; j < p; j++) {
            System.arraycopy(probes, j * n, one, 0, n);
            memory.recallInto(one, res, w1);
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(res[i] - out[j * n + i]));
            }
        }
        if (worst > 1e-3) {
            throw new IllegalStateException("batch differs from one-at-a-time recall by " + worst);
        }
        System.out.println("\nkernels: " + registry.kernels().name() + ", modern N=" + n + " K=" + k + " P=" + p + " "
                + patterns + ", " + threads + " threads, largest difference from single recall " + worst);
    }

    @Benchmark
    public int recall() {
        if (threads == 1 || p < threads) {
            return memory.recallBatch(probes, 0, p, out, 0, ws[0]);
        }
        if (pool.equals("team")) {
            int[] counts = new int[threads];
            dev.engram.core.model.Parallel.run(threads, threads,
                    (task, slice) -> counts[slice] = recallSlice(slice, ws[task]));
            int c = 0;
            for (int x : counts) {
                c += x;
            }
            return c;
        }
        pending.clear();
        for (int t = 1; t < threads; t++) {
            int slice = t;
            pending.add(executor.submit(() -> recallSlice(slice, ws[slice])));
        }
        int c = recallSlice(0, ws[0]);
        try {
            for (Future<Integer> x : pending) {
                c += x.get();
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }

    /** Slice t of the probes (p / threads each, the last takes the rest) through recallBatch on workspace w. */
    private int recallSlice(int t, RecallWorkspace w) {
        int half = p / threads;
        int from = t * half;
        int to = t == threads - 1 ? p : from + half;
        return memory.recallBatch(probes, from * n, to - from, out, from * n, w);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
