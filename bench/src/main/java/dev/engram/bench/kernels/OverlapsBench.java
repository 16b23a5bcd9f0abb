package dev.engram.bench.kernels;

import dev.engram.api.kernel.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One probe against {@code k} packed memories of dimension {@code n} ({@code k} overlaps), scalar against
 * Panama in one run; the scalar loop is the {@code Long.bitCount} loop that C2 auto-vectorises where it can.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OverlapsBench {
    @Param({"scalar", "panama"})
    public String backend;
    @Param({"64", "100", "207", "784", "1024", "4096"})
    public int n;
    @Param({"100", "1000", "10000"})
    public int k;

    Kernels kern;
    int words;
    long[] probe;
    long[] memories;
    int[] out;

    @Setup
    public void setup() {
        kern = Backends.of(backend);
        SplittableRandom r = new SplittableRandom(42);
        words = (n + 63) >>> 6;
        probe = Backends.packed(r, 1, n);
        memories = Backends.packed(r, k, n);
        out = new int[k];
    }

    /** A probe against k memories. */
    @Benchmark
    public int[] overlaps() {
        kern.overlaps(probe, 0, memories, 0, k, words, n, out, 0);
        return out;
    }
}
