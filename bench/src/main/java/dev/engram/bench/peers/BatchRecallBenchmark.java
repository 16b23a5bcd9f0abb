package dev.engram.bench.peers;

import dev.engram.api.BatchRecall;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.spi.Registry;
import java.util.List;
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
 * Batch recall throughput with {@link BatchRecall} at 1, 2, ... threads (a parameter of the batch API, not JMH
 * {@code @Threads}): one operation recalls the whole batch of P probes; recalls/s = P / (time per operation).
 * The setup checks that the threaded results equal sequential recall. Each thread's slice goes through the model's
 * {@code recallBatch} (block kernels: dam in sync mode, the first fields of hopfield); {@link #oneAtATime} is the
 * one-probe-at-a-time baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BatchRecallBenchmark {

    @Param({
            "dam:N=1024:K=1000:P=256:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:recall=sync",
            "dam:N=1024:K=1000:P=256:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:recall=async",
            "hopfield:N=1024:K=51:P=256:flip=0.1:seed=1:rule=hebbian:recall=async",
            "hopfield:N=1024:K=300:P=256:flip=0.1:seed=1:rule=hebbian:recall=async"})
    public String workload;

    @Param({"1", "2"})
    public int threads;

    private BatchRecall batch;
    private long[] probes;
    private long[] out;
    private int count;
    private long[] one;
    private long[] res;
    private dev.engram.api.RecallWorkspace single;

    @Setup(Level.Trial)
    public void setup() {
        Workload w = Workload.parse(workload);
        Registry registry = Registry.load();
        List<BipolarPattern> patterns = w.patterns();
        List<BipolarPattern> ps = w.probes(patterns);
        BipolarMemory m = w.bipolarMemory(registry, patterns);
        int words = BipolarPattern.wordsFor(w.n());
        count = ps.size();
        probes = new long[count * words];
        out = new long[count * words];
        for (int j = 0; j < count; j++) {
            ps.get(j).copyWordsTo(probes, j * words);
        }
        batch = new BatchRecall(m, threads);
        one = new long[words];
        res = new long[words];
        single = m.newWorkspace();
        batch.recallInto(probes, count, out, null);
        var ws = m.newWorkspace();
        long[] one = new long[words];
        for (int j = 0; j < count; j++) {
            m.recallInto(ps.get(j).words(), one, null, ws);
            for (int q = 0; q < words; q++) {
                if (one[q] != out[j * words + q]) {
                    throw new IllegalStateException("probe " + j + ": " + threads
                            + "-thread batch recall differs from sequential recall");
                }
            }
        }
        System.out.println("\nkernels: " + registry.kernels().name() + ", " + threads + " threads, " + workload);
    }

    @Benchmark
    public int recallBatch() {
        return batch.recallInto(probes, count, out, null);
    }

    /**
     * The baseline: the same probes one {@code recallInto} at a time on the calling thread (no block kernels; the
     * {@code threads} parameter does not apply).
     */
    @Benchmark
    public int oneAtATime() {
        var m = batch.memory();
        int words = BipolarPattern.wordsFor(m.dimension());
        int c = 0;
        for (int j = 0; j < count; j++) {
            System.arraycopy(probes, j * words, one, 0, words);
            m.recallInto(one, res, null, single);
            c += single.converged() ? 1 : 0;
        }
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        batch.close();
    }
}
