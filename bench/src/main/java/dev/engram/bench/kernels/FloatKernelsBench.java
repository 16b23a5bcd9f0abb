package dev.engram.bench.kernels;

import dev.engram.api.kernel.Interaction;
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
 * Float kernels, scalar against Panama in one run, at length {@code n}: dot, matrix·vector with a
 * {@code rows × n} matrix (float, packed ±1 and transposed), axpy, scale, softmax, log-sum-exp and the
 * element-wise interaction function.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FloatKernelsBench {
    @Param({"scalar", "panama"})
    public String backend;
    @Param({"64", "100", "207", "784", "1024", "4096"})
    public int n;
    /** Rows of the matrix in the matrix·vector benchmarks. */
    @Param({"100"})
    public int rows;
    /** The interaction function of {@link #interaction}, as kind:n. */
    @Param({"polynomial:3"})
    public String f;

    Kernels kern;
    Interaction fn;
    float[] a;
    float[] b;
    float[] m;
    float[] xRows;
    long[] xBits;
    float[] outRows;
    float[] outCols;
    float[] y;
    float[] soft;
    /** A field, not a literal: C2 folds a multiplication by the constant 1 away. */
    float scaleBy = 1f;

    @Setup
    public void setup() {
        kern = Backends.of(backend);
        fn = Backends.interaction(f);
        SplittableRandom r = new SplittableRandom(42);
        a = Backends.floats(r, n, -1, 1);
        b = Backends.floats(r, n, -1, 1);
        m = Backends.floats(r, rows * n, -1, 1);
        xRows = Backends.floats(r, rows, -1, 1);
        xBits = Backends.packed(r, 1, n);
        outRows = new float[rows];
        outCols = new float[n];
        y = Backends.floats(r, n, -1, 1);
        soft = new float[n];
    }

    @Benchmark
    public float dot() {
        return kern.dot(a, 0, b, 0, n);
    }

    @Benchmark
    public float[] matVec() {
        kern.matVec(m, 0, rows, n, a, 0, outRows, 0);
        return outRows;
    }

    @Benchmark
    public float[] matVecBipolar() {
        kern.matVecBipolar(m, 0, rows, n, xBits, 0, outRows, 0);
        return outRows;
    }

    @Benchmark
    public float[] matTVec() {
        kern.matTVec(m, 0, rows, n, xRows, 0, outCols, 0);
        return outCols;
    }

    /** y += 1e-9·a: y drifts by at most a few units over a run, no overflow. */
    @Benchmark
    public float[] axpy() {
        kern.axpy(1e-9f, a, 0, y, 0, n);
        return y;
    }

    /** y *= 1 with the factor read from a field, so that the JIT cannot fold the multiplication away. */
    @Benchmark
    public float[] scale() {
        kern.scale(scaleBy, y, 0, n);
        return y;
    }

    @Benchmark
    public float softmax() {
        return kern.softmax(2f, a, 0, soft, 0, n) + soft[n - 1];
    }

    @Benchmark
    public float logSumExp() {
        return kern.logSumExp(2f, a, 0, n);
    }

    @Benchmark
    public float[] interaction() {
        kern.interaction(fn, 0f, a, 0, soft, 0, n);
        return soft;
    }
}
