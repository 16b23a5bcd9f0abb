package dev.engram.bench.models;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Engram;
import dev.engram.api.RealMemory;
import dev.engram.api.RecallWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Recall latency for the embedded user (issue 20, item 4): one frozen model of N = 1024 shared by every JMH thread,
 * each thread with its own workspace, recalling probes with 10 % of the components flipped. Run with {@code -t 1}
 * and {@code -t 2} (concurrent recall) and {@code -prof gc} (bytes per recall after warm-up); SampleTime gives the
 * p50, p99 and p99.9 of single calls. Panama kernels (the registry's choice).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConcurrentRecallLatencyBench {
    static final int N = 1024;
    static final int PROBES = 64;

    /** The model every thread recalls from. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"hopfield-1024", "dam-1024-k1000-n3", "modern-1024-k1000"})
        public String model;

        BipolarMemory bipolar;
        RealMemory real;
        List<BipolarPattern> stored;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom rng = new SplittableRandom(42);
            int k = model.startsWith("hopfield") ? 100 : 1000;
            stored = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                stored.add(BipolarPattern.random(N, rng));
            }
            switch (model) {
                case "hopfield-1024" -> bipolar = Engram.memory("hopfield").dimension(N)
                        .params(Map.of("rule", "hebbian", "recall", "async")).seed(42).build(BipolarMemory.class);
                case "dam-1024-k1000-n3" -> bipolar = Engram.memory("dam").dimension(N)
                        .params(Map.of("mode", "stored", "interaction", "polynomial", "n", 3, "recall", "sync"))
                        .seed(42).build(BipolarMemory.class);
                case "modern-1024-k1000" -> real = Engram.memory("modern").dimension(N).seed(42).build(RealMemory.class);
                default -> throw new IllegalArgumentException(model);
            }
            if (bipolar != null) {
                bipolar.storeAll(stored);
                bipolar.freeze();
            } else {
                stored.forEach(p -> real.store(p.toRealVector()));
                real.freeze();
            }
        }
    }

    /** A thread's workspace and probes. */
    @State(Scope.Thread)
    public static class Caller {
        RecallWorkspace ws;
        long[][] bits;
        float[][] floats;
        long[] outBits;
        float[] outFloats;
        int next;

        @Setup(Level.Trial)
        public void setUp(Shared s) {
            SplittableRandom rng = new SplittableRandom(Thread.currentThread().threadId());
            bits = new long[PROBES][];
            floats = new float[PROBES][];
            for (int i = 0; i < PROBES; i++) {
                BipolarPattern p = s.stored.get(rng.nextInt(s.stored.size())).flipRandom(N / 10, rng);
                bits[i] = p.words();
                floats[i] = p.toRealVector().toArray();
            }
            if (s.bipolar != null) {
                ws = s.bipolar.newWorkspace();
                outBits = new long[bits[0].length];
            } else {
                ws = s.real.newWorkspace();
                outFloats = new float[N];
            }
        }
    }

    @Benchmark
    public float recall(Shared s, Caller c) {
        int i = c.next++ & (PROBES - 1);
        if (s.bipolar != null) {
            s.bipolar.recallInto(c.bits[i], c.outBits, null, c.ws);
            return c.outBits[0];
        }
        s.real.recallInto(c.floats[i], c.outFloats, c.ws);
        return c.outFloats[0];
    }
}
