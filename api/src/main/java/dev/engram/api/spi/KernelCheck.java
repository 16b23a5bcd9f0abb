package dev.engram.api.spi;

import dev.engram.api.kernel.Kernels;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The check a kernel provider passes before the registry hands out its kernels: every value it reports is there
 * and well formed, and its kernels compute the core operations right on a small fixed input (131 components, so
 * that a vector loop's tail is covered) against plain loops here. Float results may differ from the plain loops
 * by rounding (any summation order), bit results must be exact. It takes well under a millisecond once the
 * kernels are compiled, and is run once per registry.
 */
final class KernelCheck {
    private static final int N = 131;
    private static final int WORDS = (N + 63) >>> 6;
    private static final int K = 5;

    private KernelCheck() {
    }

    /** Why {@code k} is not usable, or {@code null} when it passes. */
    static String problem(Kernels k) {
        String name;
        try {
            name = k.name();
        } catch (RuntimeException | LinkageError e) {
            return "its kernels' name() threw " + e;
        }
        if (name == null || name.isBlank() || name.length() > 64 || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "its kernels' name() is " + (name == null ? "null" : "'" + printable(name) + "'")
                    + "; accepted: a short word of printable characters, e.g. scalar";
        }
        try {
            return wrong(k);
        } catch (RuntimeException | LinkageError e) {
            return "its kernels ('" + name + "') threw " + e + " on a small input";
        }
    }

    private static String wrong(Kernels k) {
        SplittableRandom rng = new SplittableRandom(0x6B65726E656CL);
        float[] x = new float[N];
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = i % 17 == 0 ? 0f : (float) (rng.nextDouble() * 2 - 1);
            y[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        // signs to bits: x > 0 sets the bit; the unused high bits stay zero
        long[] bits = new long[WORDS + 1];
        bits[WORDS] = 0x5A5A5A5AL;                          // past the end: must not be written
        k.signToBits(x, 0, N, bits, 0);
        long[] want = new long[WORDS];
        for (int i = 0; i < N; i++) {
            if (x[i] > 0f) {
                want[i >>> 6] |= 1L << i;
            }
        }
        for (int w = 0; w < WORDS; w++) {
            if (bits[w] != want[w]) {
                return "signToBits of " + N + " floats gave word " + w + " = " + Long.toHexString(bits[w]) + ", expected "
                        + Long.toHexString(want[w]);
            }
        }
        if (bits[WORDS] != 0x5A5A5A5AL) {
            return "signToBits wrote past its " + WORDS + " words";
        }
        // overlaps of packed ±1 vectors
        long[] mem = new long[K * WORDS];
        int[] wantOverlap = new int[K];
        for (int m = 0; m < K; m++) {
            for (int i = 0; i < N; i++) {
                boolean plus = rng.nextBoolean();
                if (plus) {
                    mem[m * WORDS + (i >>> 6)] |= 1L << i;
                }
                wantOverlap[m] += (plus ? 1 : -1) * (x[i] > 0f ? 1 : -1);
            }
        }
        int o = k.overlap(bits, 0, mem, 0, WORDS, N);
        if (o != wantOverlap[0]) {
            return "overlap of two " + N + "-component ±1 vectors gave " + o + ", expected " + wantOverlap[0];
        }
        int[] overlaps = new int[K];
        k.overlaps(bits, 0, mem, 0, K, WORDS, N, overlaps, 0);
        for (int m = 0; m < K; m++) {
            if (overlaps[m] != wantOverlap[m]) {
                return "overlaps gave " + overlaps[m] + " for memory " + m + ", expected " + wantOverlap[m];
            }
        }
        int[] batch = new int[K * K];
        k.overlapsBatch(mem, 0, K, mem, 0, K, WORDS, N, batch, 0);
        for (int p = 0; p < K; p++) {
            for (int m = 0; m < K; m++) {
                int w = 0;
                for (int i = 0; i < N; i++) {
                    w += bit(mem, p, i) == bit(mem, m, i) ? 1 : -1;
                }
                if (batch[p * K + m] != w) {
                    return "overlapsBatch gave " + batch[p * K + m] + " for probe " + p + " and memory " + m
                            + ", expected " + w;
                }
            }
        }
        // float linear algebra
        String bad = close("dot of " + N + " floats", k.dot(x, 0, y, 0, N), dot(x, y, 0, N), absDot(x, y, 0, N));
        if (bad != null) {
            return bad;
        }
        float[] matrix = new float[K * N];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        float[] out = new float[N];
        k.matVec(matrix, 0, K, N, x, 0, out, 0);
        for (int r = 0; r < K; r++) {
            bad = close("matVec row " + r, out[r], dot(matrix, r * N, x, N), absDot(matrix, r * N, x, N));
            if (bad != null) {
                return bad;
            }
        }
        float[] sign = new float[N];
        for (int i = 0; i < N; i++) {
            sign[i] = bit(mem, 0, i) ? 1f : -1f;
        }
        k.matVecBipolar(matrix, 0, K, N, mem, 0, out, 0);
        for (int r = 0; r < K; r++) {
            bad = close("matVecBipolar row " + r, out[r], dot(matrix, r * N, sign, N), absDot(matrix, r * N, sign, N));
            if (bad != null) {
                return bad;
            }
        }
        float[] five = new float[K];
        System.arraycopy(y, 0, five, 0, K);
        k.matTVec(matrix, 0, K, N, five, 0, out, 0);
        for (int c = 0; c < N; c++) {
            double s = 0;
            double a = 0;
            for (int r = 0; r < K; r++) {
                s += (double) matrix[r * N + c] * five[r];
                a += Math.abs((double) matrix[r * N + c] * five[r]);
            }
            bad = close("matTVec column " + c, out[c], s, a);
            if (bad != null) {
                return bad;
            }
        }
        float[] c = new float[K * K];
        k.gemm(false, false, K, K, N, matrix, 0, N, transpose(matrix), 0, K, c, 0, K);
        for (int i = 0; i < K; i++) {
            for (int j = 0; j < K; j++) {
                double s = 0;
                double a = 0;
                for (int p = 0; p < N; p++) {
                    s += (double) matrix[i * N + p] * matrix[j * N + p];
                    a += Math.abs((double) matrix[i * N + p] * matrix[j * N + p]);
                }
                bad = close("gemm element (" + i + ", " + j + ")", c[i * K + j], s, a);
                if (bad != null) {
                    return bad;
                }
            }
        }
        float[] z = y.clone();
        k.axpy(0.5f, x, 0, z, 0, N);
        for (int i = 0; i < N; i++) {
            bad = close("axpy element " + i, z[i], y[i] + 0.5 * x[i], Math.abs(y[i]) + Math.abs(0.5 * x[i]));
            if (bad != null) {
                return bad;
            }
        }
        k.scale(-2f, z, 0, N);
        for (int i = 0; i < N; i++) {
            bad = close("scale element " + i, z[i], -2.0 * (y[i] + 0.5 * x[i]), 2 * (Math.abs(y[i]) + Math.abs(0.5 * x[i])));
            if (bad != null) {
                return bad;
            }
        }
        // softmax and log-sum-exp at beta = 3
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, 3.0 * v);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(3.0 * v - max);
        }
        double lse = max + Math.log(sum);
        bad = close("logSumExp", k.logSumExp(3f, x, 0, N), lse, Math.abs(lse) + 1);
        if (bad != null) {
            return bad;
        }
        float got = k.softmax(3f, x, 0, out, 0, N);
        bad = close("softmax's log-sum-exp", got, lse, Math.abs(lse) + 1);
        if (bad != null) {
            return bad;
        }
        for (int i = 0; i < N; i++) {
            bad = close("softmax element " + i, out[i], Math.exp(3.0 * x[i] - lse), 1);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static boolean bit(long[] packed, int vector, int i) {
        return ((packed[vector * WORDS + (i >>> 6)] >>> i) & 1L) != 0;
    }

    private static float[] transpose(float[] rowsByN) {
        float[] t = new float[N * K];
        for (int r = 0; r < K; r++) {
            for (int i = 0; i < N; i++) {
                t[i * K + r] = rowsByN[r * N + i];
            }
        }
        return t;
    }

    private static double dot(float[] a, float[] b, int aOff, int len) {
        return dot(a, aOff, b, len);
    }

    private static double dot(float[] a, int aOff, float[] b, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += (double) a[aOff + i] * b[i];
        }
        return s;
    }

    private static double absDot(float[] a, float[] b, int aOff, int len) {
        return absDot(a, aOff, b, len);
    }

    private static double absDot(float[] a, int aOff, float[] b, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += Math.abs((double) a[aOff + i] * b[i]);
        }
        return s;
    }

    /** Null when {@code got} is {@code want} up to float rounding over terms whose magnitudes sum to {@code scale}. */
    private static String close(String what, double got, double want, double scale) {
        double tol = 1e-4 * scale + 1e-6;
        if (Math.abs(got - want) <= tol) {
            return null;
        }
        return what + " gave " + String.format(Locale.ROOT, "%.6g", got) + ", expected "
                + String.format(Locale.ROOT, "%.6g", want);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }
}
