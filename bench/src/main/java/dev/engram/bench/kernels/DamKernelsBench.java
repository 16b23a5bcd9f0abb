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
 * The Dense Associative Memory update step, scalar against Panama in one run, over {@code k} memories of a
 * normalised DAM (c = 1/N, N = {@link #neurons}): the field of one neuron (float column and packed bits), the
 * fields of all N neurons at once (damFields / damFieldsBits), the training derivatives and the energy.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DamKernelsBench {
    @Param({"scalar", "panama"})
    public String backend;
    @Param({"100", "1000", "10000"})
    public int k;
    @Param({"polynomial:3", "polynomial:10", "polynomial:30", "rectified:3", "leaky:3", "exponential"})
    public String f;
    /** Neurons N of the batch benchmarks (and c = 1/N). */
    @Param({"100"})
    public int neurons;

    Kernels kern;
    Interaction fn;
    float c;
    float shift;
    float[] overlaps;
    float[] memT;
    long[] memTBits;
    int kWords;
    long[] state;
    float[] fields;
    float[] dPlus;
    float[] dMinus;

    @Setup
    public void setup() {
        kern = Backends.of(backend);
        fn = Backends.interaction(f);
        c = 1f / neurons;
        shift = fn.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
        SplittableRandom r = new SplittableRandom(42);
        overlaps = Backends.overlaps(r, k, neurons - 2);
        kWords = (k + 63) >>> 6;
        memTBits = Backends.packed(r, neurons, k);
        memT = new float[neurons * k];
        for (int i = 0; i < neurons; i++) {
            for (int mu = 0; mu < k; mu++) {
                memT[i * k + mu] = ((memTBits[i * kWords + (mu >>> 6)] >>> mu) & 1L) != 0 ? 1f : -1f;
            }
        }
        state = Backends.packed(r, 1, neurons);
        fields = new float[neurons];
        dPlus = new float[k];
        dMinus = new float[k];
    }

    /** The field of one neuron, memories' values as floats. */
    @Benchmark
    public float damField() {
        return kern.damField(fn, c, shift, overlaps, k, memT, 0, 1f);
    }

    /** The field of one neuron, memories' values as packed bits. */
    @Benchmark
    public float damFieldBits() {
        return kern.damFieldBits(fn, c, shift, overlaps, k, memTBits, 0, -1f);
    }

    /** The fields of all N neurons, float memories. */
    @Benchmark
    public float[] damFields() {
        kern.damFields(fn, c, shift, overlaps, k, memT, state, 0, neurons, fields, 0);
        return fields;
    }

    /** The fields of all N neurons, packed memories. */
    @Benchmark
    public float[] damFieldsBits() {
        kern.damFieldsBits(fn, c, shift, overlaps, k, memTBits, kWords, state, 0, neurons, fields, 0);
        return fields;
    }

    @Benchmark
    public float[] damDerivatives() {
        kern.damDerivatives(fn, c, shift, overlaps, k, memT, 0, 1f, dPlus, dMinus);
        return dMinus;
    }

    @Benchmark
    public double damEnergy() {
        return kern.damEnergy(fn, c, shift, overlaps, k);
    }
}
