package dev.engram.bench.models;

import dev.engram.api.BipolarMemory;
import dev.engram.api.RecallWorkspace;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Batch recall throughput (recalls per second, summed over threads) of one frozen model shared by 1 or 2
 * threads, each with its own workspace. Scalar and Panama kernels side by side.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RecallThroughputBench {

    /** The frozen model, shared by every thread. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"hopfield-1024", "dam-784-k1000-n3", "dam-784-k1000-n20"})
        public String model;

        @Param({"scalar", "panama"})
        public String backend;

        BipolarMemory memory;
        long[][] probes;

        @Setup(Level.Trial)
        public void setUp() {
            ModelSetups.Setup s = ModelSetups.build(model, backend);
            memory = s.model();
            probes = s.probes();
        }
    }

    /** Each thread's workspace and probe cursor. */
    @State(Scope.Thread)
    public static class PerThread {
        RecallWorkspace ws;
        long[] out;
        int next;

        @Setup(Level.Trial)
        public void setUp(Shared shared) {
            ws = shared.memory.newWorkspace();
            out = new long[shared.probes[0].length];
            next = (int) (Thread.currentThread().threadId() * 17);
        }
    }

    private static long recall(Shared s, PerThread t) {
        s.memory.recallInto(s.probes[t.next++ & (ModelSetups.PROBES - 1)], t.out, null, t.ws);
        return t.out[0];
    }

    @Benchmark
    @Threads(1)
    public long oneThread(Shared s, PerThread t) {
        return recall(s, t);
    }

    @Benchmark
    @Threads(2)
    public long twoThreads(Shared s, PerThread t) {
        return recall(s, t);
    }
}
