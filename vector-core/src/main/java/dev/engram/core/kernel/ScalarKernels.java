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
    public void damSharedTerms(Interaction f, float c, float[] overlaps, int k, float[] fOut, float[] dOut) {
        for (int mu = 0; mu < k; mu++) {
            float a = c * overlaps[mu];
            fOut[mu] = f(f, a, 0f);
            dOut[mu] = df(f, a, 0f);
        }
    }

    @Override
    public float damFlipTerms(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] column,
                              int colOff, float s, float[] dFlip) {
        return flipTerms(f, c, overlaps, fShared, k, column, colOff, s, dFlip, 0);
    }

    @Override
    public void damFlipTermsBlock(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] columns,
                                  int[] colOffs, float[] signs, int count, float[] dFlip, int dOff, float[] sums,
                                  int sumOff) {
        for (int j = 0; j < count; j++) {
            sums[sumOff + j] = flipTerms(f, c, overlaps, fShared, k, columns, colOffs[j], signs[j], dFlip,
                    dOff + j * k);
        }
    }

    private static float flipTerms(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] column,
                                   int colOff, float s, float[] dFlip, int dOff) {
        float sum = 0f;
        for (int mu = 0; mu < k; mu++) {
            float a = c * (overlaps[mu] - 2f * s * column[colOff + mu]);
            dFlip[dOff + mu] = df(f, a, 0f);
            sum += fShared[mu] - f(f, a, 0f);
        }
        return sum;
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

    // ---------------------------------------------------------------- modern Hopfield update, packed ±1 rows

    /** Most rows per block of {@link #softmaxCombineBits} (scores kept between the two uses of a block). */
    protected static final int BITS_BLOCK = 2048;
    /** Per-thread tables, histogram and block scores of {@link #softmaxCombineBits}; grows, never shrinks. */
    private static final ThreadLocal<float[][]> BITS_SCRATCH = ThreadLocal.withInitial(() -> new float[1][]);

    /** Per-thread packed probe (signs, then non-zero mask) for the ternary case of {@link #softmaxCombineBits}. */
    private static final ThreadLocal<long[][]> TERNARY_SCRATCH = ThreadLocal.withInitial(() -> new long[1][]);

    /** Per-thread row indices of a block's kept rows ({@link #keepRows}). */
    private static final ThreadLocal<int[]> KEPT_ROWS = ThreadLocal.withInitial(() -> new int[BITS_BLOCK]);

    /**
     * Rows of {@link #softmaxCombineBits} whose weight (relative to the running maximum, so at most 1) is below
     * {@code SKIP_WEIGHT / k} are left out of the weighted sums (their weights stay in the normaliser). Their total
     * is below {@code 2^-24} of the normaliser (which is at least 1), so an output, a convex combination of ±1
     * values, moves by less than {@code 2^-24}: half an ulp of 1, and 1/k of the bound on the float sum's own
     * rounding ({@code k·u·Σ|w|}). With a probe near one stored pattern nearly every row is left out (β = 1/√N at
     * N = 1024: the other rows weigh about e^-29 each).
     */
    public static final float SKIP_WEIGHT = 0x1p-24f;

    /**
     * Compacts the weights {@code w[off..off+rows)} that are not below {@code tiny} (NaN is kept) to the front, in
     * row order, with their row numbers in {@code idx}; returns how many were kept.
     */
    protected static int keepRows(float[] w, int off, int rows, float tiny, int[] idx) {
        int kept = 0;
        for (int q = 0; q < rows; q++) {
            float v = w[off + q];
            idx[kept] = q;
            w[off + kept] = v;
            kept += v < tiny ? 0 : 1;
        }
        return kept;
    }

    /** Whether one of {@code t[off .. off + len)} is below {@code tiny} (NaN is not). */
    static boolean anyBelow(float[] t, int off, int len, float tiny) {
        for (int i = off; i < off + len; i++) {
            if (t[i] < tiny) {
                return true;
            }
        }
        return false;
    }

    /**
     * Floats of the accumulator region of {@link #softmaxCombineBits} that {@link #bitScatter} and
     * {@link #foldBitHistogram} use (zeroed per call, rescaled when the running maximum rises): the byte histogram,
     * 256 per byte of a row.
     */
    protected int bitSumsLength(int n) {
        return ((n + 7) >>> 3) << 8;
    }

    private static long[] ternaryScratch(int len) {
        long[][] holder = TERNARY_SCRATCH.get();
        long[] s = holder[0];
        if (s == null || s.length < len) {
            s = new long[len];
            holder[0] = s;
        }
        return s;
    }

    /**
     * If every component of x is 0, a or −a for one a ≥ 0 (a masked or scaled ±1 probe, e.g. the first step
     * from a partly unknown bipolar cue), packs the signs ({@code x > 0}) at {@code p[0..words)} and the non-zero
     * mask at {@code p[words..2·words)} and returns a; otherwise returns −1.
     */
    protected static float ternaryProbe(float[] x, int xOff, int n, long[] p, int words) {
        float a = 0f;
        for (int w = 0; w < words; w++) {
            long sg = 0L;
            long nz = 0L;
            int lim = Math.min(64, n - (w << 6));
            for (int b = 0; b < lim; b++) {
                float v = x[xOff + (w << 6) + b];
                if (v != 0f) {
                    float m = Math.abs(v);
                    if (a == 0f) {
                        a = m;
                    } else if (m != a) {
                        return -1f;
                    }
                    nz |= 1L << b;
                    if (v > 0f) {
                        sg |= 1L << b;
                    }
                }
            }
            p[w] = sg;
            p[words + w] = nz;
        }
        return a;
    }

    /**
     * Masked Hamming distances of a ternary probe (see {@link #ternaryProbe}):
     * {@code sc[scOff + q] = popcount((ξ_q ⊕ sign) ∧ mask)} (an exact integer, as a float), so that row q's score is
     * {@code a·(nnz − 2d)}. Returns the block's smallest and largest d as {@code (min << 32) | max}.
     */
    protected long ternaryDistances(long[] mem, int base, int rows, int words, long[] p, float[] sc, int scOff) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        if (words == 2) {
            long s0 = p[0];
            long s1 = p[1];
            long m0 = p[2];
            long m1 = p[3];
            for (int q = 0; q < rows; q++) {
                int row = base + 2 * q;
                int d = Long.bitCount((mem[row] ^ s0) & m0) + Long.bitCount((mem[row + 1] ^ s1) & m1);
                sc[scOff + q] = d;
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        } else {
            for (int q = 0; q < rows; q++) {
                int row = base + q * words;
                int d = 0;
                for (int w = 0; w < words; w++) {
                    d += Long.bitCount((mem[row + w] ^ p[w]) & p[words + w]);
                }
                sc[scOff + q] = d;
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        return ((long) lo << 32) | hi;
    }

    /**
     * The weights of a block of ternary rows: one {@link Math#exp} per distinct distance in {@code [lo, hi]}
     * ({@code tab}), then {@code sc[q] = tab[d_q − lo]}; returns their sum (row order). No vector EXP, so the
     * result does not depend on whether the code is compiled yet.
     */
    protected static float ternaryWeights(float beta, float a, int nnz, int lo, int hi, float max, float[] tab,
                                          int tabOff, float[] sc, int scOff, int rows) {
        for (int d = lo; d <= hi; d++) {
            tab[tabOff + d - lo] = (float) Math.exp(beta * (a * (float) (nnz - 2 * d)) - max);
        }
        // four running sums (rows q ≡ 0..3 mod 4), combined in a fixed order: no chain of dependent adds
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int base = tabOff - lo;
        int q = scOff;
        for (; q + 3 < scOff + rows; q += 4) {
            float w0 = tab[base + (int) sc[q]];
            float w1 = tab[base + (int) sc[q + 1]];
            float w2 = tab[base + (int) sc[q + 2]];
            float w3 = tab[base + (int) sc[q + 3]];
            sc[q] = w0;
            sc[q + 1] = w1;
            sc[q + 2] = w2;
            sc[q + 3] = w3;
            s0 += w0;
            s1 += w1;
            s2 += w2;
            s3 += w3;
        }
        for (; q < scOff + rows; q++) {
            float w = tab[base + (int) sc[q]];
            sc[q] = w;
            s0 += w;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float[] bitsScratch(int len) {
        float[][] holder = BITS_SCRATCH.get();
        float[] s = holder[0];
        if (s == null || s.length < len) {
            s = new float[len];
            holder[0] = s;
        }
        return s;
    }

    /**
     * Table form of the packed-row update. Per probe, for each byte b of a row (neurons 8b..8b+7) a table
     * {@code T_b[v] = Σ_j (bit j of v ? x : −x)_{8b+j}} of 256 floats, so a score is one lookup per byte
     * ({@code ceil(n/8)} lookups instead of n sign-selects); the weights go into a histogram
     * {@code H_b[v] += w_μ} for byte value v of row μ (one add per byte), and at the end
     * {@code out_{8b+j} = Σ_v ±H_b[v]} ({@link #foldBitHistogram}). Rows in blocks of {@link #BITS_BLOCK}: the
     * block's scores, its maximum, one rescale of the histogram when the running maximum rises, the block's
     * exponentials, then the histogram adds. Nothing allocated after the first call on a thread (scratch of
     * {@code 512·ceil(n/8) + BITS_BLOCK} floats per thread). When x is ternary up to scale (every component 0, a
     * or −a: a masked ±1 cue) the scores are exact popcount overlaps instead ({@link #ternaryDistances}), no tables, and one {@link Math#exp} per
     * distinct score ({@link #ternaryWeights}). Rows whose weight is below {@link #SKIP_WEIGHT}{@code /k} of the
     * running maximum stay in the normaliser but are left out of the sums ({@link #keepRows}): each output moves by
     * less than {@code 2^-24}.
     */
    @Override
    public float softmaxCombineBits(float beta, long[] mem, int memOff, int k, int n, float[] x, int xOff,
                                    float[] out, int outOff) {
        if (k == 0) {
            for (int c = 0; c < n; c++) {
                out[outOff + c] = 0f;
            }
            return Float.NEGATIVE_INFINITY;
        }
        int words = (n + 63) >>> 6;
        int nb = (n + 7) >>> 3;
        int tlen = nb << 8;
        float[] s = bitsScratch(2 * tlen + BITS_BLOCK + n + 1);
        int tabOff = 2 * tlen + BITS_BLOCK;
        int scOff = 2 * tlen;
        long[] p = ternaryScratch(2 * words);
        float a = ternaryProbe(x, xOff, n, p, words);
        int nnz = 0;
        for (int w = 0; w < words; w++) {
            nnz += Long.bitCount(p[words + w]);
        }
        if (a < 0f) {
            buildBitTables(x, xOff, n, s, 0);
        }
        int hlen = bitSumsLength(n);
        java.util.Arrays.fill(s, tlen, tlen + hlen, 0f);
        float tiny = SKIP_WEIGHT / k;
        int[] idx = KEPT_ROWS.get();
        float max = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int r0 = 0; r0 < k; r0 += BITS_BLOCK) {
            int rows = Math.min(BITS_BLOCK, k - r0);
            int base = memOff + r0 * words;
            int lo = 0;
            int hi = 0;
            float bm;
            if (a >= 0f) {
                long range = ternaryDistances(mem, base, rows, words, p, s, scOff);
                lo = (int) (range >>> 32);
                hi = (int) range;
                bm = Math.max(beta * (a * (float) (nnz - 2 * lo)), beta * (a * (float) (nnz - 2 * hi)));
            } else {
                bm = bitScores(beta, mem, base, rows, words, nb, s, s, scOff);
            }
            if (bm > max) {
                if (sum > 0f) {
                    float f = (float) Math.exp(max - bm);
                    scale(f, s, tlen, hlen);
                    sum *= f;
                }
                max = bm;
            }
            sum += a >= 0f ? ternaryWeights(beta, a, nnz, lo, hi, max, s, tabOff, s, scOff, rows)
                    : expShiftSum(s, scOff, rows, max);
            // ternary probes: the block's weights are the table's hi - lo + 1 values, so a block without a tiny
            // one (every block when the weights are spread) skips the compaction
            int kept = a >= 0f && !anyBelow(s, tabOff, hi - lo + 1, tiny) ? rows : keepRows(s, scOff, rows, tiny, idx);
            bitScatter(mem, base, kept == rows ? null : idx, kept, words, nb, s, scOff, s, tlen);
        }
        foldBitHistogram(s, tlen, n, 1f / sum, out, outOff);
        return max + (float) Math.log(sum);
    }

    /**
     * The lookup tables of {@link #softmaxCombineBits} at {@code t[tOff + 256·b + v]}: {@code T_b[0] = −Σ_j x_{8b+j}}
     * (index order), then {@code T_b[v + 2^j] = T_b[v] + 2x_{8b+j}} for {@code v < 2^j}, j = 0..7 (0 past n).
     */
    protected void buildBitTables(float[] x, int xOff, int n, float[] t, int tOff) {
        int nb = (n + 7) >>> 3;
        for (int b = 0; b < nb; b++) {
            int lo = xOff + (b << 3);
            int cnt = Math.min(8, n - (b << 3));
            int base = tOff + (b << 8);
            float sx = 0f;
            for (int j = 0; j < cnt; j++) {
                sx += x[lo + j];
            }
            t[base] = -sx;
            for (int j = 0; j < 8; j++) {
                doubleTable(t, base, 1 << j, j < cnt ? 2f * x[lo + j] : 0f);
            }
        }
    }

    /** One doubling step of {@link #buildBitTables}: {@code t[base + h + v] = t[base + v] + d} for {@code v < h}. */
    protected void doubleTable(float[] t, int base, int h, float d) {
        for (int v = 0; v < h; v++) {
            t[base + h + v] = t[base + v] + d;
        }
    }

    /**
     * {@code sc[scOff + q] = beta · Σ_b T_b[byte b of row q]} for {@code rows} rows from {@code base}; returns
     * their maximum. The eight lookups of a full word are added as a tree (fixed order).
     */
    protected float bitScores(float beta, long[] mem, int base, int rows, int words, int nb, float[] t,
                              float[] sc, int scOff) {
        int fw = nb >>> 3;
        int rem = nb & 7;
        float bm = Float.NEGATIVE_INFINITY;
        for (int q = 0; q < rows; q++) {
            int row = base + q * words;
            float d = 0f;
            int tb = 0;
            for (int w = 0; w < fw; w++) {
                long b = mem[row + w];
                float a0 = t[tb + (int) (b & 255)] + t[tb + 256 + (int) ((b >>> 8) & 255)];
                float a1 = t[tb + 512 + (int) ((b >>> 16) & 255)] + t[tb + 768 + (int) ((b >>> 24) & 255)];
                float a2 = t[tb + 1024 + (int) ((b >>> 32) & 255)] + t[tb + 1280 + (int) ((b >>> 40) & 255)];
                float a3 = t[tb + 1536 + (int) ((b >>> 48) & 255)] + t[tb + 1792 + (int) (b >>> 56)];
                d += (a0 + a1) + (a2 + a3);
                tb += 2048;
            }
            if (rem > 0) {
                long b = mem[row + fw];
                for (int j = 0; j < rem; j++) {
                    d += t[tb + (j << 8) + (int) ((b >>> (j << 3)) & 255)];
                }
            }
            float v = beta * d;
            sc[scOff + q] = v;
            bm = Math.max(bm, v);
        }
        return bm;
    }

    /** {@code sc[i] = e^(sc[i] − max)} for {@code len} values from {@code off}; returns their sum. */
    protected float expShiftSum(float[] sc, int off, int len, float max) {
        float sum = 0f;
        for (int i = off; i < off + len; i++) {
            float e = (float) Math.exp(sc[i] - max);
            sc[i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * {@code H_b[byte b of row r] += w[q]} for {@code rows} rows from {@code base}: row r = q, or {@code idx[q]}
     * when idx is not null (the rows {@link #keepRows} kept).
     */
    protected void bitScatter(long[] mem, int base, int[] idx, int rows, int words, int nb, float[] w, int wOff,
                              float[] h, int hOff) {
        int fw = nb >>> 3;
        int rem = nb & 7;
        for (int q = 0; q < rows; q++) {
            int row = base + (idx == null ? q : idx[q]) * words;
            float wq = w[wOff + q];
            int hb = hOff;
            for (int i = 0; i < fw; i++) {
                long b = mem[row + i];
                h[hb + (int) (b & 255)] += wq;
                h[hb + 256 + (int) ((b >>> 8) & 255)] += wq;
                h[hb + 512 + (int) ((b >>> 16) & 255)] += wq;
                h[hb + 768 + (int) ((b >>> 24) & 255)] += wq;
                h[hb + 1024 + (int) ((b >>> 32) & 255)] += wq;
                h[hb + 1280 + (int) ((b >>> 40) & 255)] += wq;
                h[hb + 1536 + (int) ((b >>> 48) & 255)] += wq;
                h[hb + 1792 + (int) (b >>> 56)] += wq;
                hb += 2048;
            }
            if (rem > 0) {
                long b = mem[row + fw];
                for (int j = 0; j < rem; j++) {
                    h[hb + (j << 8) + (int) ((b >>> (j << 3)) & 255)] += wq;
                }
            }
        }
    }

    /**
     * {@code out_{8b+j} = a · Σ_v (bit j of v ? H_b[v] : −H_b[v])} for the n outputs, by halving: for j = 7..0,
     * {@code out_j = Σ_{v<2^j} (H[v + 2^j] − H[v])}, then {@code H[v] += H[v + 2^j]} (destroys H).
     */
    protected void foldBitHistogram(float[] h, int hOff, int n, float a, float[] out, int outOff) {
        int nb = (n + 7) >>> 3;
        for (int b = 0; b < nb; b++) {
            int base = hOff + (b << 8);
            int cnt = Math.min(8, n - (b << 3));
            for (int j = 7; j >= 0; j--) {
                int half = 1 << j;
                float d = 0f;
                for (int v = 0; v < half; v++) {
                    float hi = h[base + half + v];
                    float lo = h[base + v];
                    d += hi - lo;
                    h[base + v] = lo + hi;
                }
                if (j < cnt) {
                    out[outOff + (b << 3) + j] = d * a;
                }
            }
        }
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
