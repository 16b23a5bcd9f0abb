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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Packed-bipolar kernels, scalar against Panama in one run: overlap of two patterns of dimension {@code n} and
 * sign-to-bits ({@link OverlapsBench} has the many-memory form).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BitKernelsBench {
    @Param({"scalar", "panama"})
    public String backend;
    @Param({"64", "100", "207", "784", "1024", "4096"})
    public int n;

    Kernels kern;
    int words;
    long[] probe;
    long[] memories;
    float[] signs;
    long[] bits;

    @Setup
    public void setup() {
        kern = Backends.of(backend);
        SplittableRandom r = new SplittableRandom(42);
        words = (n + 63) >>> 6;
        probe = Backends.packed(r, 1, n);
        memories = Backends.packed(r, 1, n);
        signs = Backends.floats(r, n, -1, 1);
        bits = new long[words];
    }

    /** One overlap. */
    @Benchmark
    public int overlap() {
        return kern.overlap(probe, 0, memories, 0, words, n);
    }

    /** Signs of n floats into bits. */
    @Benchmark
    public void signToBits(Blackhole bh) {
        kern.signToBits(signs, 0, n, bits, 0);
        bh.consume(bits);
    }
}
