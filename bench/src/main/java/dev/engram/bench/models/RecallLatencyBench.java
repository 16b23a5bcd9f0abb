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

/**
 * Latency of one recall (probe = a stored pattern with 10% flipped) through a reused workspace, sampled per
 * call: JMH reports the distribution (median p0.50, p0.99). Scalar and Panama kernels side by side.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RecallLatencyBench {
    @Param({"hopfield-1024", "dam-784-k1000-n3", "dam-784-k1000-n20"})
    public String model;

    @Param({"scalar", "panama"})
    public String backend;

    private BipolarMemory memory;
    private long[][] probes;
    private RecallWorkspace ws;
    private long[] out;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ModelSetups.Setup s = ModelSetups.build(model, backend);
        memory = s.model();
        probes = s.probes();
        ws = memory.newWorkspace();
        out = new long[probes[0].length];
    }

    @Benchmark
    public long recall() {
        memory.recallInto(probes[next++ & (ModelSetups.PROBES - 1)], out, null, ws);
        return out[0];
    }
}
