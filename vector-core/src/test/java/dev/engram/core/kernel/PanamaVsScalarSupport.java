package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the tests of every Panama kernel against the scalar reference share (one test class per kernel family:
 * {@link PanamaBitsVsScalarTest}, {@link PanamaLinearVsScalarTest}, {@link PanamaDamVsScalarTest},
 * {@link PanamaSoftmaxVsScalarTest}, {@link PanamaGemmVsScalarTest}): they run on lengths around the vector widths (1, 7, 15, 16, 17, 63,
 * 64, 65, 127, 1021) with seeded random data and non-zero offsets.
 *
 * <p>Tolerances. Bit kernels must agree exactly. Float reductions of {@code n} terms are compared with the
 * classical bound for recursive summation: each of the two results lies within {@code γ_n·Σ|t_i|} of the exact
 * sum ({@code γ_n ≈ n·u}, u = 2^-24), so they may differ by {@code 2·(n+2)·u·Σ|t_i|}. Element-wise polynomial
 * kernels use the same multiplications in the same order as the reference, so they are compared at 1 ulp
 * (an FMA in axpy: {@code 4u(|a·x|+|y|)}); the exponential is the Vector API's {@code EXP} against
 * {@link Math#exp}, allowed {@value #EXP_REL} relative error per element. Polynomials up to n = 30 are fed
 * inputs in [-1, 1], as the normalised DAM (c = 1/N) has.
 *
 * <p>Every test class is skipped (an assumption in {@link #panamaOrSkip}) when {@code jdk.incubator.vector} is not
 * in the boot layer: that is the scalar-fallback surefire execution.
 */
abstract class PanamaVsScalarSupport {
    static final int[] LENGTHS = {1, 7, 15, 16, 17, 63, 64, 65, 127, 1021};
    static final int[] KS = {1, 7, 16, 17, 63, 64, 65, 100, 127, 1021};
    static final double U = 0x1p-24;
    static final double EXP_REL = 4e-6;
    static final List<Interaction> INTERACTIONS = List.of(Interaction.polynomial(1), Interaction.polynomial(2),
            Interaction.polynomial(3), Interaction.polynomial(7), Interaction.polynomial(30), Interaction.rectified(3),
            Interaction.rectified(30), Interaction.leakyRectified(3), Interaction.leakyRectified(30),
            Interaction.exponential());

    static Kernels panama;
    static final Kernels SCALAR = ScalarKernels.INSTANCE;

    @BeforeAll
    static void panamaOrSkip() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not in the boot layer (scalar-fallback run)");
        panama = KernelSelector.select("panama", false).kernels();
        assertEquals("panama", panama.name());
    }

    // ---------------------------------------------------------------- data

    static float[] floats(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    /** {@code count} packed vectors of {@code n} bits, {@code off} leading garbage words, high bits zero. */
    static long[] packed(SplittableRandom r, int off, int count, int n) {
        int words = (n + 63) >>> 6;
        long[] a = new long[off + count * words];
        for (int i = 0; i < off; i++) {
            a[i] = r.nextLong();
        }
        for (int v = 0; v < count; v++) {
            for (int w = 0; w < words; w++) {
                long bits = r.nextLong();
                int valid = Math.min(64, n - w * 64);
                if (valid < 64) {
                    bits &= (1L << valid) - 1;
                }
                a[off + v * words + w] = bits;
            }
        }
        return a;
    }

    static void close(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol || (Double.isNaN(expected) && Double.isNaN(actual)),
                () -> what + ": scalar " + expected + " panama " + actual + " differ by " + Math.abs(expected - actual)
                        + " > tolerance " + tol);
    }

    static double sumBound(int n, double absSum) {
        return 2.0 * (n + 2) * U * absSum + Double.MIN_NORMAL;
    }

    static double elemTol(Interaction f, double v) {
        double rel = f.kind() == Interaction.Kind.EXPONENTIAL ? EXP_REL : 2 * U;
        return rel * Math.abs(v) + Float.MIN_NORMAL;
    }
}
