package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Panama kernel against the scalar reference, on lengths around the vector widths (1, 7, 15, 16, 17, 63,
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
 * <p>The whole class is skipped (assumption) when {@code jdk.incubator.vector} is not in the boot layer: that is
 * the scalar-fallback surefire execution.
 */
class PanamaVsScalarTest {
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

    // ---------------------------------------------------------------- packed bipolar

    @Test
    void multiWordOverlapsAreExact() {
        SplittableRandom r = new SplittableRandom(7);
        for (int words = 2; words <= 17; words++) {
            for (int n : new int[] {64 * words - 63, 64 * words - 5, 64 * words}) {
                long[] a = packed(r, 3, 1, n);
                for (int k : new int[] {1, 7, 8, 9, 100, 1021}) {
                    long[] mem = packed(r, 5, k, n);
                    int[] want = new int[k + 3];
                    int[] got = new int[k + 3];
                    want[k + 2] = got[k + 2] = 99;
                    SCALAR.overlaps(a, 3, mem, 5, k, words, n, want, 2);
                    panama.overlaps(a, 3, mem, 5, k, words, n, got, 2);
                    assertArrayEquals(want, got, "overlaps words=" + words + " n=" + n + " k=" + k);
                    assertEquals(n, panama.overlap(mem, 5, mem, 5, words, n), "self-overlap n=" + n);
                }
                long[] same = packed(r, 1, 9, n);
                System.arraycopy(a, 3, same, 1 + 4 * words, words);
                int[] got = new int[9];
                panama.overlaps(a, 3, same, 1, 9, words, n, got, 0);
                assertEquals(n, got[4], "probe stored as memory 4, words=" + words);
            }
        }
    }

    @Test
    void overlapsAreExact() {
        SplittableRandom r = new SplittableRandom(1);
        int[] ns = {1, 7, 15, 16, 17, 63, 64, 65, 127, 700, 1021, 4000};
        for (int n : ns) {
            int words = (n + 63) >>> 6;
            long[] a = packed(r, 3, 1, n);
            long[] b = packed(r, 5, 1, n);
            assertEquals(SCALAR.overlap(a, 3, b, 5, words, n), panama.overlap(a, 3, b, 5, words, n), "overlap n=" + n);
            assertEquals(n, panama.overlap(a, 3, a, 3, words, n), "self-overlap n=" + n);
            for (int k : new int[] {1, 7, 8, 17, 100}) {
                long[] mem = packed(r, 2, k, n);
                int[] want = new int[k + 4];
                int[] got = new int[k + 4];
                got[0] = want[0] = 42;
                SCALAR.overlaps(a, 3, mem, 2, k, words, n, want, 1);
                panama.overlaps(a, 3, mem, 2, k, words, n, got, 1);
                assertArrayEquals(want, got, "overlaps n=" + n + " k=" + k);
                int p = 3;
                long[] probes = packed(r, 1, p, n);
                int[] wantB = new int[2 + p * k];
                int[] gotB = new int[2 + p * k];
                SCALAR.overlapsBatch(probes, 1, p, mem, 2, k, words, n, wantB, 2);
                panama.overlapsBatch(probes, 1, p, mem, 2, k, words, n, gotB, 2);
                assertArrayEquals(wantB, gotB, "overlapsBatch n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void signToBitsIsExact() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : new int[] {1, 7, 15, 16, 17, 63, 64, 65, 127, 128, 1021}) {
            float[] x = floats(r, n + 3, -1, 1);
            for (int i = 0; i < x.length; i += 5) {
                x[i] = switch (i % 4) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> Float.NaN;
                    default -> Float.MIN_VALUE;
                };
            }
            int words = (n + 63) >>> 6;
            long[] want = new long[words + 2];
            long[] got = new long[words + 2];
            want[words + 1] = got[words + 1] = 99;
            SCALAR.signToBits(x, 3, n, want, 1);
            panama.signToBits(x, 3, n, got, 1);
            assertArrayEquals(want, got, "signToBits n=" + n);
        }
    }

    // ---------------------------------------------------------------- float linear algebra

    @Test
    void dot() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : LENGTHS) {
            float[] a = floats(r, n + 3, -1, 1);
            float[] b = floats(r, n + 5, -1, 1);
            double abs = 0;
            for (int i = 0; i < n; i++) {
                abs += Math.abs((double) a[3 + i] * b[5 + i]);
            }
            close(SCALAR.dot(a, 3, b, 5, n), panama.dot(a, 3, b, 5, n), sumBound(n, abs), "dot n=" + n);
        }
    }

    @Test
    void matVecAndTransposed() {
        SplittableRandom r = new SplittableRandom(4);
        for (int cols : LENGTHS) {
            for (int rows : new int[] {1, 2, 3, 5, 17}) {
                float[] m = floats(r, 2 + rows * cols, -1, 1);
                float[] x = floats(r, 1 + Math.max(rows, cols), -1, 1);
                float[] want = new float[rows + 3];
                float[] got = new float[rows + 3];
                SCALAR.matVec(m, 2, rows, cols, x, 1, want, 3);
                panama.matVec(m, 2, rows, cols, x, 1, got, 3);
                long[] xb = packed(r, 2, 1, cols);
                float[] wantB = new float[rows + 1];
                float[] gotB = new float[rows + 1];
                SCALAR.matVecBipolar(m, 2, rows, cols, xb, 2, wantB, 1);
                panama.matVecBipolar(m, 2, rows, cols, xb, 2, gotB, 1);
                for (int row = 0; row < rows; row++) {
                    double abs = 0;
                    double absB = 0;
                    for (int c = 0; c < cols; c++) {
                        abs += Math.abs((double) m[2 + row * cols + c] * x[1 + c]);
                        absB += Math.abs(m[2 + row * cols + c]);
                    }
                    close(want[3 + row], got[3 + row], sumBound(cols, abs), "matVec " + rows + "x" + cols + " row " + row);
                    close(wantB[1 + row], gotB[1 + row], sumBound(cols, absB),
                            "matVecBipolar " + rows + "x" + cols + " row " + row);
                }
                assertEquals(0f, got[0] + got[1] + got[2], "matVec wrote before outOff");
                assertEquals(0f, gotB[0], "matVecBipolar wrote before outOff");

                float[] wantT = new float[cols + 2];
                float[] gotT = new float[cols + 2];
                wantT[0] = gotT[0] = wantT[cols + 1] = gotT[cols + 1] = 7f;
                SCALAR.matTVec(m, 2, rows, cols, x, 1, wantT, 1);
                panama.matTVec(m, 2, rows, cols, x, 1, gotT, 1);
                assertEquals(7f, gotT[0]);
                assertEquals(7f, gotT[cols + 1]);
                for (int c = 0; c < cols; c++) {
                    double abs = 0;
                    for (int row = 0; row < rows; row++) {
                        abs += Math.abs((double) m[2 + row * cols + c] * x[1 + row]);
                    }
                    close(wantT[1 + c], gotT[1 + c], sumBound(rows, abs), "matTVec " + rows + "x" + cols + " col " + c);
                }
            }
        }
    }

    @Test
    void axpyAndScale() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : LENGTHS) {
            float a = (float) r.nextDouble(-2, 2);
            float[] x = floats(r, n + 2, -1, 1);
            float[] y0 = floats(r, n + 4, -1, 1);
            float[] want = y0.clone();
            float[] got = y0.clone();
            SCALAR.axpy(a, x, 2, want, 4, n);
            panama.axpy(a, x, 2, got, 4, n);
            for (int i = 0; i < 4; i++) {
                assertEquals(y0[i], got[i], "axpy wrote before yOff");
            }
            for (int i = 0; i < n; i++) {
                double tol = 4 * U * (Math.abs(a * x[2 + i]) + Math.abs(y0[4 + i]));
                close(want[4 + i], got[4 + i], tol, "axpy n=" + n + " i=" + i);
            }
            float[] s0 = floats(r, n + 3, -1, 1);
            float[] ws = s0.clone();
            float[] gs = s0.clone();
            SCALAR.scale(a, ws, 3, n);
            panama.scale(a, gs, 3, n);
            assertArrayEquals(ws, gs, "scale is one rounding per element n=" + n);
        }
    }

    // ---------------------------------------------------------------- interaction functions

    @Test
    void interactionAndDerivative() {
        SplittableRandom r = new SplittableRandom(6);
        for (Interaction f : INTERACTIONS) {
            for (int n : LENGTHS) {
                float[] x = floats(r, n + 1, -1, 1);
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 0.5f : 0f;
                float[] want = new float[n + 2];
                float[] got = new float[n + 2];
                float[] wantD = new float[n + 2];
                float[] gotD = new float[n + 2];
                SCALAR.interaction(f, shift, x, 1, want, 2, n);
                panama.interaction(f, shift, x, 1, got, 2, n);
                SCALAR.interactionDerivative(f, shift, x, 1, wantD, 2, n);
                panama.interactionDerivative(f, shift, x, 1, gotD, 2, n);
                for (int i = 0; i < n + 2; i++) {
                    close(want[i], got[i], elemTol(f, want[i]), f + " n=" + n + " i=" + i);
                    close(wantD[i], gotD[i], elemTol(f, wantD[i]), f + "' n=" + n + " i=" + i);
                }
            }
        }
    }

    // ---------------------------------------------------------------- Dense Associative Memory

    /** Overlaps as the normalised DAM has them: integers in [-N, N] with the parity of N. */
    static float[] overlapValues(SplittableRandom r, int k, int n) {
        float[] m = new float[k];
        for (int i = 0; i < k; i++) {
            m[i] = n - 2 * r.nextInt(n + 1);
        }
        return m;
    }

    /** Σ_μ |F(a_μ)| + |F(b_μ)| in double: the scale of the field's rounding error. */
    static double fieldAbs(Interaction f, float c, float shift, float[] m, int k, float[] col, int off, float s) {
        double abs = 0;
        for (int mu = 0; mu < k; mu++) {
            float x = col[off + mu];
            float base = m[mu] - s * x;
            abs += Math.abs(f.apply(c * (base + x), shift)) + Math.abs(f.apply(c * (base - x), shift));
        }
        return abs;
    }

    static double fieldTol(Interaction f, int k, double abs) {
        double elem = f.kind() == Interaction.Kind.EXPONENTIAL ? EXP_REL : 2 * U;
        return sumBound(k, abs) + elem * abs;
    }

    static float[] bipolarColumn(long[] bits, int off, int k) {
        float[] x = new float[k];
        for (int mu = 0; mu < k; mu++) {
            x[mu] = ((bits[off + (mu >>> 6)] >>> mu) & 1L) != 0 ? 1f : -1f;
        }
        return x;
    }

    @Test
    void damFieldSingleNeuronFloatAndBits() {
        SplittableRandom r = new SplittableRandom(7);
        int nNeurons = 100;
        for (Interaction f : INTERACTIONS) {
            // normalised form c = 1/N (arguments in about [-1, 1]); Krotov's form c = 1 for low degrees
            float[] cs = f.kind() != Interaction.Kind.EXPONENTIAL && f.n() <= 3 ? new float[] {1f / nNeurons, 1f}
                    : new float[] {1f / nNeurons};
            for (float c : cs) {
                for (int k : KS) {
                    int overlapN = c == 1f ? 10 : nNeurons - 2;
                    float[] m = overlapValues(r, k, overlapN);
                    float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                    long[] bits = packed(r, 2, 1, k);
                    float[] colB = bipolarColumn(bits, 2, k);
                    float[] col = new float[k + 3];
                    System.arraycopy(colB, 0, col, 3, k);
                    for (float s : new float[] {1f, -1f}) {
                        String what = f + " c=" + c + " k=" + k + " s=" + s;
                        double tol = fieldTol(f, k, fieldAbs(f, c, shift, m, k, col, 3, s));
                        float want = SCALAR.damField(f, c, shift, m, k, col, 3, s);
                        close(want, panama.damField(f, c, shift, m, k, col, 3, s), tol, "damField " + what);
                        close(want, SCALAR.damFieldBits(f, c, shift, m, k, bits, 2, s), tol, "scalar bits " + what);
                        close(want, panama.damFieldBits(f, c, shift, m, k, bits, 2, s), tol, "damFieldBits " + what);
                    }
                }
            }
        }
    }

    @Test
    void damFieldsBatchFloatAndBits() {
        SplittableRandom r = new SplittableRandom(8);
        int nNeurons = 70;
        int from = 3;
        int to = 67;
        float c = 1f / nNeurons;
        for (Interaction f : INTERACTIONS) {
            for (int k : new int[] {1, 17, 64, 65, 100, 1021}) {
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                float[] m = overlapValues(r, k, nNeurons);
                int kWords = (k + 63) >>> 6;
                long[] memTBits = packed(r, 0, nNeurons, k);
                float[] memT = new float[nNeurons * k];
                for (int i = 0; i < nNeurons; i++) {
                    System.arraycopy(bipolarColumn(memTBits, i * kWords, k), 0, memT, i * k, k);
                }
                long[] state = packed(r, 0, 1, nNeurons);
                float[] want = new float[to - from + 2];
                float[] got = new float[to - from + 2];
                float[] gotB = new float[to - from + 2];
                SCALAR.damFields(f, c, shift, m, k, memT, state, from, to, want, 1);
                panama.damFields(f, c, shift, m, k, memT, state, from, to, got, 1);
                panama.damFieldsBits(f, c, shift, m, k, memTBits, kWords, state, from, to, gotB, 1);
                assertEquals(0f, got[0]);
                assertEquals(0f, got[to - from + 1]);
                assertEquals(0f, gotB[0]);
                for (int i = from; i < to; i++) {
                    float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
                    double tol = fieldTol(f, k, fieldAbs(f, c, shift, m, k, memT, i * k, s));
                    close(want[1 + i - from], got[1 + i - from], tol, "damFields " + f + " k=" + k + " i=" + i);
                    close(want[1 + i - from], gotB[1 + i - from], tol, "damFieldsBits " + f + " k=" + k + " i=" + i);
                }
            }
        }
    }

    @Test
    void axpyBipolarIsExact() {
        SplittableRandom r = new SplittableRandom(11);
        for (int len : LENGTHS) {
            long[] bits = packed(r, 3, 1, len);
            float[] y = new float[len + 2];
            for (int j = 0; j < y.length; j++) {
                y[j] = r.nextInt(201) - 100;
            }
            float[] want = y.clone();
            float[] got = y.clone();
            for (float a : new float[] {2f, -2f, 0.37f}) {
                SCALAR.axpyBipolar(a, bits, 3, want, 1, len);
                panama.axpyBipolar(a, bits, 3, got, 1, len);
                assertArrayEquals(want, got, "axpyBipolar len=" + len + " a=" + a);
            }
            assertEquals(y[0], got[0]);
            assertEquals(y[len + 1], got[len + 1]);
        }
    }

    @Test
    void dotsBipolarAgreeAndDoNotDependOnTheirCompany() {
        SplittableRandom r = new SplittableRandom(12);
        for (int len : LENGTHS) {
            int stride = (len + 63) >>> 6;
            int nRows = 11;
            long[] bits = packed(r, 0, nRows, len);
            float[] v = floats(r, len + 2, -1, 1);
            int[] rows = {0, 7, 3, 3, 10, 1, 9, 2, 8, 5, 4, 6, 0};
            float[] want = new float[rows.length];
            float[] got = new float[rows.length + 1];
            SCALAR.dotsBipolar(v, 2, len, bits, stride, rows, 1, rows.length - 1, want, 0);
            panama.dotsBipolar(v, 2, len, bits, stride, rows, 1, rows.length - 1, got, 1);
            double abs = 0;
            for (int c = 0; c < len; c++) {
                abs += Math.abs(v[2 + c]);
            }
            for (int j = 0; j < rows.length - 1; j++) {
                close(want[j], got[1 + j], sumBound(len, abs), "dotsBipolar len=" + len + " row " + rows[1 + j]);
                // the same row alone, or in a block starting elsewhere, gives the same bits
                float[] one = new float[1];
                panama.dotsBipolar(v, 2, len, bits, stride, rows, 1 + j, 1, one, 0);
                assertEquals(got[1 + j], one[0], "dotsBipolar alone len=" + len + " j=" + j);
            }
            float[] shifted = new float[rows.length];
            panama.dotsBipolar(v, 2, len, bits, stride, rows, 3, rows.length - 3, shifted, 0);
            for (int j = 3; j < rows.length; j++) {
                assertEquals(got[j], shifted[j - 3], "dotsBipolar shifted block len=" + len + " j=" + j);
            }
        }
    }

    @Test
    void damBipolarWeights() {
        SplittableRandom r = new SplittableRandom(13);
        int nNeurons = 100;
        float c = 1f / nNeurons;
        for (Interaction f : INTERACTIONS) {
            for (int k : KS) {
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                float[] m = overlapValues(r, k, nNeurons);
                float[] want = new float[k];
                float[] got = new float[k];
                float cw = SCALAR.damBipolarWeights(f, c, shift, m, k, want);
                float cg = panama.damBipolarWeights(f, c, shift, m, k, got);
                double abs = 0;
                for (int mu = 0; mu < k; mu++) {
                    // F values under 16 MIN_NORMAL may be taken as 0 (Kernels#damBipolarWeights)
                    close(want[mu], got[mu], elemTol(f, Math.abs(f.apply(c * (m[mu] + 2f), shift))
                            + Math.abs(f.apply(c * (m[mu] - 2f), shift))) + 16 * Float.MIN_NORMAL,
                            "weight " + f + " k=" + k + " mu=" + mu);
                    abs += Math.abs(f.apply(c * m[mu], shift)) + Math.abs(f.apply(c * (m[mu] + 2f), shift))
                            + Math.abs(f.apply(c * (m[mu] - 2f), shift));
                }
                close(cw, cg, fieldTol(f, k, abs) + 3 * k * 16 * Float.MIN_NORMAL, "constant " + f + " k=" + k);
                // the regrouped field: Σ ξ_μ W_μ + s C equals damFieldBits
                long[] bits = packed(r, 0, 1, k);
                float[] xi = bipolarColumn(bits, 0, k);
                for (float s : new float[] {1f, -1f}) {
                    double field = s * (double) cw;
                    for (int mu = 0; mu < k; mu++) {
                        field += xi[mu] * (double) want[mu];
                    }
                    double tol = fieldTol(f, k, abs) + fieldTol(f, k, fieldAbs(f, c, shift, m, k, xi, 0, s));
                    close(SCALAR.damFieldBits(f, c, shift, m, k, bits, 0, s), field, tol, "identity " + f + " k=" + k);
                }
            }
        }
    }

    @Test
    void damDerivativesAndEnergy() {
        SplittableRandom r = new SplittableRandom(9);
        int nNeurons = 100;
        float c = 1f / nNeurons;
        for (Interaction f : INTERACTIONS) {
            for (int k : KS) {
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                float[] m = overlapValues(r, k, nNeurons - 2);
                long[] bits = packed(r, 0, 1, k);
                float[] col = new float[k + 2];
                System.arraycopy(bipolarColumn(bits, 0, k), 0, col, 2, k);
                for (float s : new float[] {1f, -1f}) {
                    float[] wp = new float[k];
                    float[] wm = new float[k];
                    float[] gp = new float[k];
                    float[] gm = new float[k];
                    SCALAR.damDerivatives(f, c, shift, m, k, col, 2, s, wp, wm);
                    panama.damDerivatives(f, c, shift, m, k, col, 2, s, gp, gm);
                    for (int mu = 0; mu < k; mu++) {
                        close(wp[mu], gp[mu], elemTol(f, wp[mu]), "dPlus " + f + " k=" + k + " mu=" + mu);
                        close(wm[mu], gm[mu], elemTol(f, wm[mu]), "dMinus " + f + " k=" + k + " mu=" + mu);
                    }
                }
                double abs = 0;
                for (int mu = 0; mu < k; mu++) {
                    abs += Math.abs(f.apply(c * m[mu], shift));
                }
                close(SCALAR.damEnergy(f, c, shift, m, k), panama.damEnergy(f, c, shift, m, k), fieldTol(f, k, abs),
                        "damEnergy " + f + " k=" + k);
            }
        }
    }

    // ---------------------------------------------------------------- softmax

    @Test
    void softmaxAndLogSumExp() {
        SplittableRandom r = new SplittableRandom(10);
        for (int n : LENGTHS) {
            for (float beta : new float[] {1f, 8f, -3f}) {
                float[] x = floats(r, n + 2, -5, 5);
                float[] want = new float[n + 1];
                float[] got = new float[n + 1];
                float lw = SCALAR.softmax(beta, x, 2, want, 1, n);
                float lg = panama.softmax(beta, x, 2, got, 1, n);
                // the sum of n terms in [0, 1] is at least 1; its error moves every output and the log by ~2(n+2)u
                double rel = EXP_REL + 2.0 * (n + 2) * U;
                close(lw, lg, rel + 4 * Math.ulp(lw), "softmax lse n=" + n + " beta=" + beta);
                close(lw, panama.logSumExp(beta, x, 2, n), rel + 4 * Math.ulp(lw), "logSumExp n=" + n + " beta=" + beta);
                close(lw, SCALAR.logSumExp(beta, x, 2, n), 4 * Math.ulp(lw), "scalar logSumExp = softmax's n=" + n);
                assertEquals(0f, got[0]);
                double total = 0;
                for (int i = 1; i <= n; i++) {
                    close(want[i], got[i], 2 * rel * want[i] + Float.MIN_NORMAL, "softmax n=" + n + " i=" + i);
                    total += got[i];
                }
                close(1.0, total, 1e-5 + 2.0 * (n + 2) * U, "softmax sums to 1, n=" + n);
            }
        }
    }

    // ---------------------------------------------------------------- modern Hopfield update (online softmax)

    /**
     * {@code softmaxCombine} of the scalar reference, of Panama and the two-pass scalar path (matVec, softmax,
     * matTVec) against a double-precision reference. A float score is off by at most
     * {@code |β|·(n+2)u·Σ|m x|} (recursive-summation bound), which moves its weight by that much relatively; the
     * sum of k weights and the exponential add {@code (k+4)u} and {@value #EXP_REL}. Each output component is
     * allowed twice that relative error of {@code Σ_μ w_μ|m_μc|}. β up to "scores of 1000" checks that the
     * online rescaling never overflows.
     */
    @Test
    void softmaxCombine() {
        SplittableRandom r = new SplittableRandom(11);
        for (int k : new int[] {1, 7, 100, 1021}) {
            for (int n : new int[] {1, 7, 16, 17, 128, 1021}) {
                float[] m = floats(r, 3 + k * n, -1, 1);
                float[] x = floats(r, 2 + n, -1, 1);
                double maxAbsDot = 0;
                double maxAbsSum = 0;
                double[] dots = new double[k];
                for (int mu = 0; mu < k; mu++) {
                    double d = 0;
                    double a = 0;
                    for (int c = 0; c < n; c++) {
                        d += (double) m[3 + mu * n + c] * x[2 + c];
                        a += Math.abs((double) m[3 + mu * n + c] * x[2 + c]);
                    }
                    dots[mu] = d;
                    maxAbsDot = Math.max(maxAbsDot, Math.abs(d));
                    maxAbsSum = Math.max(maxAbsSum, a);
                }
                for (float beta : new float[] {(float) (1 / Math.sqrt(n)), -2f, (float) (1000 / maxAbsDot)}) {
                    String what = "softmaxCombine k=" + k + " n=" + n + " beta=" + beta;
                    RefSoftmax ref = referenceSoftmax(dots, beta);
                    double[] p = ref.p();
                    double lse = ref.lse();
                    double rel = EXP_REL + (k + 4) * U + Math.abs(beta) * (n + 2) * U * maxAbsSum;
                    float[] twoPass = new float[n + 1];
                    float[] scores = new float[k];
                    float[] weights = new float[k];
                    SCALAR.matVec(m, 3, k, n, x, 2, scores, 0);
                    SCALAR.softmax(beta, scores, 0, weights, 0, k);
                    SCALAR.matTVec(m, 3, k, n, weights, 0, twoPass, 1);
                    float[] gs = new float[n + 1];
                    float[] gp = new float[n + 1];
                    gs[0] = 7f;
                    gp[0] = 7f;
                    float ls = SCALAR.softmaxCombine(beta, m, 3, k, n, x, 2, gs, 1);
                    float lp = panama.softmaxCombine(beta, m, 3, k, n, x, 2, gp, 1);
                    double lseTol = 2 * rel + 4 * Math.ulp((float) lse);
                    close(lse, ls, lseTol, "scalar lse " + what);
                    close(lse, lp, lseTol, "panama lse " + what);
                    assertEquals(7f, gs[0], "scalar wrote before outOff");
                    assertEquals(7f, gp[0], "panama wrote before outOff");
                    for (int c = 0; c < n; c++) {
                        double want = 0;
                        double mag = 0;
                        for (int mu = 0; mu < k; mu++) {
                            want += p[mu] * m[3 + mu * n + c];
                            mag += p[mu] * Math.abs(m[3 + mu * n + c]);
                        }
                        double tol = 2 * rel * mag + Float.MIN_NORMAL;
                        close(want, twoPass[1 + c], tol, "two-pass reference " + what + " c=" + c);
                        close(want, gs[1 + c], tol, "scalar " + what + " c=" + c);
                        close(want, gp[1 + c], tol, "panama " + what + " c=" + c);
                        assertTrue(Float.isFinite(gp[1 + c]), what);
                    }
                }
            }
        }
    }

    /** Softmax weights of {@code beta·dots} and their log-sum-exp, in double precision. */
    record RefSoftmax(double[] p, double lse) {
    }

    static RefSoftmax referenceSoftmax(double[] dots, float beta) {
        double max = Double.NEGATIVE_INFINITY;
        for (double d : dots) {
            max = Math.max(max, beta * d);
        }
        double sum = 0;
        double[] w = new double[dots.length];
        for (int mu = 0; mu < dots.length; mu++) {
            w[mu] = Math.exp(beta * dots[mu] - max);
            sum += w[mu];
        }
        for (int mu = 0; mu < w.length; mu++) {
            w[mu] /= sum;
        }
        return new RefSoftmax(w, max + Math.log(sum));
    }

    /** The interface's default (plain) {@code softmaxCombineBits}; every other method goes to the scalar kernels. */
    static final Kernels PLAIN = KernelDefaultsTest.DEFAULTS;

    /**
     * {@code softmaxCombineBits} (packed ±1 rows) of the interface default, the scalar table version and Panama,
     * against a double-precision reference and against {@code softmaxCombine} on the unpacked floats. Lengths
     * around the byte, word and vector widths (tails), k across the 2048-row block; the tolerance is the float
     * one with {@code n + 32} terms per score (a table entry adds up to 16 roundings) and {@code k + 300} in the
     * sums (histogram and fold); every output's magnitude bound {@code Σ_μ p_μ|ξ_μc|} is 1.
     */
    @Test
    void softmaxCombineBits() {
        SplittableRandom r = new SplittableRandom(12);
        for (int k : new int[] {1, 4, 7, 100, 2049}) {
            for (int n : new int[] {1, 7, 8, 9, 16, 17, 63, 64, 65, 128, 136, 1021}) {
                int words = (n + 63) >>> 6;
                long[] m = packed(r, 3, k, n);
                float[] mf = new float[k * n];
                for (int mu = 0; mu < k; mu++) {
                    for (int c = 0; c < n; c++) {
                        mf[mu * n + c] = ((m[3 + mu * words + (c >>> 6)] >>> c) & 1L) != 0 ? 1f : -1f;
                    }
                }
                for (int variant = 0; variant < 3; variant++) {
                    float[] x = floats(r, 2 + n, -1, 1);
                    if (variant > 0) {
                        // ternary up to scale (the popcount path): 0, ±0.375 (variant 1), or all zero (variant 2)
                        for (int c = 2; c < 2 + n; c++) {
                            x[c] = variant == 2 || Math.abs(x[c]) < 0.2f ? 0f : Math.copySign(0.375f, x[c]);
                        }
                    }
                    double absX = 0;
                    for (int c = 0; c < n; c++) {
                        absX += Math.abs(x[2 + c]);
                    }
                    double[] dots = new double[k];
                    double maxAbsDot = 0;
                    for (int mu = 0; mu < k; mu++) {
                        double d = 0;
                        for (int c = 0; c < n; c++) {
                            d += mf[mu * n + c] * (double) x[2 + c];
                        }
                        dots[mu] = d;
                        maxAbsDot = Math.max(maxAbsDot, Math.abs(d));
                    }
                    for (float beta : new float[] {(float) (1 / Math.sqrt(n)), -2f, (float) (1000 / Math.max(1, maxAbsDot))}) {
                        String what = "softmaxCombineBits k=" + k + " n=" + n + " x variant " + variant + " beta=" + beta;
                        RefSoftmax ref = referenceSoftmax(dots, beta);
                        double[] p = ref.p();
                        double lse = ref.lse();
                        double rel = EXP_REL + (k + 300) * U + Math.abs(beta) * (n + 32) * U * absX;
                        float[][] got = new float[4][n + 1];
                        float[] lses = new float[4];
                        Kernels[] impls = {PLAIN, SCALAR, panama};
                        for (int i = 0; i < 3; i++) {
                            got[i][0] = 7f;
                            lses[i] = impls[i].softmaxCombineBits(beta, m, 3, k, n, x, 2, got[i], 1);
                            assertEquals(7f, got[i][0], what + ": wrote before outOff");
                        }
                        lses[3] = panama.softmaxCombine(beta, mf, 0, k, n, x, 2, got[3], 1);
                        String[] names = {"default", "scalar", "panama", "panama float softmaxCombine"};
                        double lseTol = 2 * rel + 4 * Math.ulp((float) lse);
                        for (int i = 0; i < 4; i++) {
                            close(lse, lses[i], lseTol, names[i] + " lse " + what);
                            for (int c = 0; c < n; c++) {
                                double want = 0;
                                for (int mu = 0; mu < k; mu++) {
                                    want += p[mu] * mf[mu * n + c];
                                }
                                close(want, got[i][1 + c], 2 * rel + Float.MIN_NORMAL, names[i] + " " + what + " c=" + c);
                            }
                        }
                        float[] again = new float[n + 1];
                        again[0] = 7f;
                        panama.softmaxCombineBits(beta, m, 3, k, n, x, 2, again, 1);
                        if (variant > 0) {
                            // ternary probes: popcount scores and Math.exp only, the same bits compiled or not
                            assertArrayEquals(got[2], again, what + ": panama not deterministic");
                        }
                    }
                }
            }
        }
        float[] z = {5f, 5f};
        assertEquals(Float.NEGATIVE_INFINITY, panama.softmaxCombineBits(1f, new long[0], 0, 0, 2, new float[2], 0, z, 0));
        assertArrayEquals(new float[2], z, "k = 0 zeroes out");
    }
}
