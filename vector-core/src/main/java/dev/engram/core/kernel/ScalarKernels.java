package dev.engram.core.kernel;

import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;

/**
 * The scalar reference implementation of every kernel: plain loops, the definition the Panama kernels are
 * tested against, and the fallback where the Vector API is not usable. Float sums accumulate in float in
 * index order, except where a comment says otherwise.
 */
public class ScalarKernels implements Kernels {

    /** Shared instance (stateless). */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    protected ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    // ---------------------------------------------------------------- packed bipolar

    @Override
    public int overlap(long[] a, int aOff, long[] b, int bOff, int words, int n) {
        int d = 0;
        for (int i = 0; i < words; i++) {
            d += Long.bitCount(a[aOff + i] ^ b[bOff + i]);
        }
        return n - 2 * d;
    }

    @Override
    public void overlaps(long[] probe, int probeOff, long[] memories, int memOff, int k, int words, int n,
                         int[] out, int outOff) {
        for (int mu = 0; mu < k; mu++) {
            out[outOff + mu] = overlap(probe, probeOff, memories, memOff + mu * words, words, n);
        }
    }

    @Override
    public void overlapsBatch(long[] probes, int probesOff, int p, long[] memories, int memOff, int k, int words, int n,
                              int[] out, int outOff) {
        for (int i = 0; i < p; i++) {
            overlaps(probes, probesOff + i * words, memories, memOff, k, words, n, out, outOff + i * k);
        }
    }

    // ---------------------------------------------------------------- float linear algebra

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = dot(m, mOff + r * cols, x, xOff, cols);
        }
    }

    @Override
    public void matVecBipolar(float[] m, int mOff, int rows, int cols, long[] x, int xOff, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = mOff + r * cols;
            float s = 0f;
            for (int c = 0; c < cols; c++) {
                float v = m[base + c];
                s += ((x[xOff + (c >>> 6)] >>> c) & 1L) != 0 ? v : -v;
            }
            out[outOff + r] = s;
        }
    }

    @Override
    public void matTVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        for (int c = 0; c < cols; c++) {
            out[outOff + c] = 0f;
        }
        for (int r = 0; r < rows; r++) {
            axpy(x[xOff + r], m, mOff + r * cols, out, outOff, cols);
        }
    }

    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void scale(float a, float[] x, int off, int len) {
        for (int i = 0; i < len; i++) {
            x[off + i] *= a;
        }
    }

    @Override
    public void axpyBipolar(float a, long[] bits, int bitsOff, float[] y, int yOff, int len) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] += ((bits[bitsOff + (j >>> 6)] >>> j) & 1L) != 0 ? a : -a;
        }
    }

    @Override
    public void dotsBipolar(float[] v, int vOff, int len, long[] bits, int stride, int[] rows, int rowsOff, int count,
                            float[] out, int outOff) {
        for (int j = 0; j < count; j++) {
            int base = rows[rowsOff + j] * stride;
            float s = 0f;
            for (int c = 0; c < len; c++) {
                float m = v[vOff + c];
                s += ((bits[base + (c >>> 6)] >>> c) & 1L) != 0 ? m : -m;
            }
            out[outOff + j] = s;
        }
    }

    // ---------------------------------------------------------------- interaction functions

    /** F(x) in float, the scalar definition (see {@link Interaction#apply}). */
    protected static float f(Interaction f, float x, float shift) {
        return switch (f.kind()) {
            case POLYNOMIAL -> pow(x, f.n());
            case RECTIFIED -> x > 0f ? pow(x, f.n()) : 0f;
            case LEAKY_RECTIFIED -> x > 0f ? pow(x, f.n()) : f.leak() * x;
            case EXPONENTIAL -> (float) Math.exp(x - shift);
        };
    }

    /** F'(x) in float. */
    protected static float df(Interaction f, float x, float shift) {
        return switch (f.kind()) {
            case POLYNOMIAL -> f.n() * pow(x, f.n() - 1);
            case RECTIFIED -> x > 0f ? f.n() * pow(x, f.n() - 1) : 0f;
            case LEAKY_RECTIFIED -> x > 0f ? f.n() * pow(x, f.n() - 1) : f.leak();
            case EXPONENTIAL -> (float) Math.exp(x - shift);
        };
    }

    /** x^n by repeated squaring, in float. */
    protected static float pow(float x, int n) {
        float r = 1f;
        float b = x;
        int e = n;
        while (e > 0) {
            if ((e & 1) != 0) {
                r *= b;
            }
            b *= b;
            e >>>= 1;
        }
        return r;
    }

    @Override
    public void interaction(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = f(f, x[xOff + i], shift);
        }
    }

    @Override
    public void interactionDerivative(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = df(f, x[xOff + i], shift);
        }
    }

    // ---------------------------------------------------------------- Dense Associative Memory

    @Override
    public float damField(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                          float s) {
        float sum = 0f;
        for (int mu = 0; mu < k; mu++) {
            float x = column[colOff + mu];
            float base = overlaps[mu] - s * x;
            sum += f(f, c * (base + x), shift) - f(f, c * (base - x), shift);
        }
        return sum;
    }

    @Override
    public float damFieldBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] columnBits,
                              int colOff, float s) {
        float sum = 0f;
        for (int mu = 0; mu < k; mu++) {
            float x = ((columnBits[colOff + (mu >>> 6)] >>> mu) & 1L) != 0 ? 1f : -1f;
            float base = overlaps[mu] - s * x;
            sum += f(f, c * (base + x), shift) - f(f, c * (base - x), shift);
        }
        return sum;
    }

    @Override
    public void damFields(Interaction f, float c, float shift, float[] overlaps, int k, float[] memT, long[] state,
                          int from, int to, float[] out, int outOff) {
        for (int i = from; i < to; i++) {
            float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
            out[outOff + i - from] = damField(f, c, shift, overlaps, k, memT, i * k, s);
        }
    }

    @Override
    public void damFieldsBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] memTBits, int kWords,
                              long[] state, int from, int to, float[] out, int outOff) {
        for (int i = from; i < to; i++) {
            float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
            out[outOff + i - from] = damFieldBits(f, c, shift, overlaps, k, memTBits, i * kWords, s);
        }
    }

    @Override
    public void damDerivatives(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                               float s, float[] dPlus, float[] dMinus) {
        for (int mu = 0; mu < k; mu++) {
            float x = column[colOff + mu];
            float base = overlaps[mu] - s * x;
            dPlus[mu] = df(f, c * (base + x), shift);
            dMinus[mu] = df(f, c * (base - x), shift);
        }
    }

    @Override
    public float damBipolarWeights(Interaction f, float c, float shift, float[] overlaps, int k, float[] weights) {
        float sum = 0f;
        for (int mu = 0; mu < k; mu++) {
            float h = overlaps[mu];
            float a = f(f, c * (h + 2f), shift);
            float b = f(f, c * (h - 2f), shift);
            weights[mu] = 0.5f * (a - b);
            sum += f(f, c * h, shift) - 0.5f * (a + b);
        }
        return sum;
    }

    @Override
    public double damEnergy(Interaction f, float c, float shift, float[] overlaps, int k) {
        double e = 0;
        for (int mu = 0; mu < k; mu++) {
            e -= f(f, c * overlaps[mu], shift);
        }
        return e;
    }

    // ---------------------------------------------------------------- softmax, sign

    @Override
    public float softmax(float beta, float[] x, int xOff, float[] out, int outOff, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, beta * x[xOff + i]);
        }
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            float e = (float) Math.exp(beta * x[xOff + i] - max);
            out[outOff + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < len; i++) {
            out[outOff + i] *= inv;
        }
        return max + (float) Math.log(sum);
    }

    @Override
    public float logSumExp(float beta, float[] x, int xOff, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, beta * x[xOff + i]);
        }
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            sum += (float) Math.exp(beta * x[xOff + i] - max);
        }
        return max + (float) Math.log(sum);
    }

    @Override
    public void signToBits(float[] x, int xOff, int n, long[] out, int outOff) {
        int words = (n + 63) >>> 6;
        for (int w = 0; w < words; w++) {
            long bits = 0L;
            int base = w << 6;
            int lim = Math.min(64, n - base);
            for (int b = 0; b < lim; b++) {
                if (x[xOff + base + b] > 0f) {
                    bits |= 1L << b;
                }
            }
            out[outOff + w] = bits;
        }
    }
}
