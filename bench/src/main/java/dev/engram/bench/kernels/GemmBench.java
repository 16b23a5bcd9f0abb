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
 * The two matrix products of one batch of DAM training (issue 15), scalar against Panama in one run, at the MNIST
 * classifier's sizes (B = 128 items, N = 794 neurons, K = 256 memories): {@code overlaps}, H[B×K] = X[B×N]·Ξᵀ[N×K]
 * ({@code gemm} with A as stored), and {@code gradient}, G[K×N] = Aᵀ·X with A stored B×K ({@code gemm} with
 * {@code transA}). Each is 2·B·N·K = 52.0 MFLOP: divide by the time for FLOP/s and by the core's peak
 * (cores × GHz × 2 FMA ports × lanes × 2) for the fraction of peak. And the same two products the way
 * {@code training=batched-bits} computes them, from the packed ±1 states ({@code bipolarProduct}: tables of
 * signed sums, about B·N·K/4 additions and no multiplications; {@code overlapsBits} H = S·Ξᵀ, {@code gradientBits}
 * Gᵀ = Sᵀ·A written transposed, into G's layout), whose "FLOP" are the same 2·B·N·K equivalents.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {
    @Param({"scalar", "panama"})
    public String backend;
    @Param({"128"})
    public int b;
    @Param({"794"})
    public int n;
    @Param({"256"})
    public int k;

    Kernels kern;
    float[] x;
    float[] memT;
    float[] h;
    float[] a;
    float[] g;
    long[] bits;
    long[] bitsT;
    int words;
    int itemWords;

    @Setup
    public void setup() {
        kern = Backends.of(backend);
        SplittableRandom r = new SplittableRandom(42);
        x = new float[b * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextBoolean() ? 1f : -1f;
        }
        memT = Backends.floats(r, n * k, -1, 1);
        h = new float[b * k];
        a = Backends.floats(r, b * k, -1e-3, 1e-3);
        g = new float[k * n];
        words = (n + 63) / 64;
        itemWords = (b + 63) / 64;
        bits = new long[b * words];
        bitsT = new long[n * itemWords];
        for (int it = 0; it < b; it++) {
            for (int i = 0; i < n; i++) {
                if (x[it * n + i] > 0) {
                    bits[it * words + (i >>> 6)] |= 1L << i;
                    bitsT[i * itemWords + (it >>> 6)] |= 1L << it;
                }
            }
        }
    }

    @Benchmark
    public float overlaps() {
        kern.gemm(false, false, b, k, n, x, 0, n, memT, 0, k, h, 0, k);
        return h[7];
    }

    @Benchmark
    public float gradient() {
        kern.gemm(true, false, k, n, b, a, 0, k, x, 0, n, g, 0, n);
        return g[7];
    }

    @Benchmark
    public float overlapsBits() {
        kern.bipolarProduct(false, b, k, n, bits, 0, words, memT, 0, k, h, 0, k);
        return h[7];
    }

    @Benchmark
    public float gradientBits() {
        kern.bipolarProduct(true, n, k, b, bitsT, 0, itemWords, a, 0, k, g, 0, n);
        return g[7];
    }
}
