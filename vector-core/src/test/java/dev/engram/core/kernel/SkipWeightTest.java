package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.kernel.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rows {@code softmaxCombineBits} leaves out of its weighted sums ({@link ScalarKernels#SKIP_WEIGHT}): the
 * compaction itself, and the update against a double-precision reference that leaves nothing out, for a probe near
 * one pattern (almost every row left out, the nearest row in the second block of rows, so the running maximum rises
 * after rows were left out) and for weights where a part of the rows is left out; scalar and Panama.
 */
class SkipWeightTest extends PanamaVsScalarSupport {

    @Test
    void keepRowsCompactsInRowOrderAndKeepsNaN() {
        float tiny = 1e-9f;
        float[] w = {9f, 1f, 1e-12f, Float.NaN, 0.5f, 0f, tiny, Math.nextDown(tiny)};
        int[] idx = new int[8];
        int kept = ScalarKernels.keepRows(w, 1, 7, tiny, idx);
        assertEquals(4, kept);
        assertArrayEquals(new int[] {0, 2, 3, 5}, java.util.Arrays.copyOf(idx, kept));
        assertEquals(9f, w[0]);
        assertArrayEquals(new float[] {1f, Float.NaN, 0.5f, tiny}, java.util.Arrays.copyOfRange(w, 1, 5));
    }

    @Test
    void probeNearOnePattern() {
        SplittableRandom r = new SplittableRandom(31);
        int n = 1024;
        int k = 2049 + 700;
        int target = 2048 + 333;
        long[] m = packed(r, 0, k, n);
        float[] x = ternaryNear(r, m, target, n, 0.1);
        check(m, k, n, x, (float) (1 / Math.sqrt(n)), k - 1, k - 1);
    }

    @Test
    void partOfTheRowsLeftOut() {
        SplittableRandom r = new SplittableRandom(32);
        int n = 256;
        int k = 700;
        long[] m = packed(r, 0, k, n);
        // a random ternary probe near no pattern: scores ~ N(0, 12), rows within ~23 of the best one are kept
        float[] x = new float[n];
        for (int c = 0; c < n; c++) {
            x[c] = r.nextDouble() < 0.45 ? 0f : r.nextBoolean() ? 1f : -1f;
        }
        check(m, k, n, x, 1f, k / 4, k - 10);
    }

    /** Pattern {@code row} as ±1 with a fraction {@code zeros} of its components set to 0. */
    private static float[] ternaryNear(SplittableRandom r, long[] m, int row, int n, double zeros) {
        int words = (n + 63) >>> 6;
        float[] x = new float[n];
        for (int c = 0; c < n; c++) {
            boolean bit = ((m[row * words + (c >>> 6)] >>> c) & 1L) != 0;
            x[c] = r.nextDouble() < zeros ? 0f : bit ? 1f : -1f;
        }
        return x;
    }

    /**
     * Both kernels against the double reference: every output within {@code 2^-24} (the skipped rows) plus the
     * float sum's rounding; between {@code minLeftOut} and {@code maxLeftOut} rows are below the skip threshold.
     */
    private static void check(long[] m, int k, int n, float[] x, float beta, int minLeftOut, int maxLeftOut) {
        int words = (n + 63) >>> 6;
        double[] s = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int mu = 0; mu < k; mu++) {
            double d = 0;
            for (int c = 0; c < n; c++) {
                d += (((m[mu * words + (c >>> 6)] >>> c) & 1L) != 0 ? 1 : -1) * (double) x[c];
            }
            s[mu] = beta * d;
            max = Math.max(max, s[mu]);
        }
        double z = 0;
        int leftOut = 0;
        for (int mu = 0; mu < k; mu++) {
            s[mu] = Math.exp(s[mu] - max);
            z += s[mu];
            leftOut += s[mu] < ScalarKernels.SKIP_WEIGHT / k ? 1 : 0;
        }
        assertTrue(leftOut >= minLeftOut && leftOut <= maxLeftOut, "rows below the threshold: " + leftOut + " of " + k);
        double tol = U + EXP_REL + (k + 300) * U;
        for (Kernels kern : panama == null ? new Kernels[] {SCALAR} : new Kernels[] {SCALAR, panama}) {
            float[] out = new float[n];
            kern.softmaxCombineBits(beta, m, 0, k, n, x, 0, out, 0);
            for (int c = 0; c < n; c++) {
                double want = 0;
                for (int mu = 0; mu < k; mu++) {
                    want += s[mu] / z * (((m[mu * words + (c >>> 6)] >>> c) & 1L) != 0 ? 1 : -1);
                }
                close(want, out[c], tol, kern.name() + " c=" + c + " (" + leftOut + " of " + k + " rows left out)");
            }
        }
    }
}
