package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.kernel.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The softmax Panama kernels ({@code PanamaSoftmax}) against the scalar reference and a double-precision
 * one: softmax and log-sum-exp, the modern Hopfield update on float rows ({@code softmaxCombine}) and on
 * packed ±1 rows ({@code softmaxCombineBits}).
 * Tolerances and the lengths: {@link PanamaVsScalarSupport}.
 */
class PanamaSoftmaxVsScalarTest extends PanamaVsScalarSupport {

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
