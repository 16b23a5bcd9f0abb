package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static dev.engram.core.kernel.panama.PanamaSupport.LL;

import dev.engram.api.kernel.Interaction;
import dev.engram.core.kernel.ScalarKernels;

/**
 * SIMD kernels on the JDK Vector API. Every operation of {@link dev.engram.api.kernel.Kernels} is vectorised
 * here and tested against the scalar reference it extends, except {@code scale} and {@code axpy} with equal
 * offsets, whose scalar loops C2 auto-vectorises better (measured; see the comments there). Inputs shorter than about two vectors go
 * to the scalar code, where a vector loop would not pay for its set-up and reduction.
 *
 * <p>Implementation notes: reductions keep two or four independent accumulators and reduce across lanes
 * once; tails shorter than one vector are finished with the scalar formula. Packed ±1 operands are never
 * unpacked into memory: a chunk of {@code L} bits (L = lanes per float vector, a divisor of 64) is broadcast,
 * shifted lane by lane so that bit j lands on lane j's sign bit, and XORed into the floats (a sign flip where
 * the bit is clear); this measured faster than {@code VectorMask.fromLong} plus a masked negation. Polynomial interaction
 * functions use repeated squaring with the same multiplication order as the scalar reference, so they are
 * bit-identical per element; the exponential uses the Vector API's {@code EXP} (a few ulp from
 * {@link Math#exp}).
 *
 * <p>This class only chooses: each operation checks whether its input is long enough for the vector code and
 * otherwise calls the scalar reference ({@code super}); the vector code is in static methods of package-private
 * classes, one per kernel family: {@link PanamaBits} (overlaps, signs, ±1 lanes of packed bits and their
 * tables), {@link PanamaLinear} (dot, matrix-vector, axpy and their packed ±1 forms), {@link PanamaDam}
 * (interaction functions and the Dense Associative Memory), {@link PanamaGemm} (the matrix product of batched
 * training) and {@link PanamaSoftmax} (softmax, log-sum-exp, the modern Hopfield update), with the species and shared helpers in {@link PanamaSupport}. The species and tables
 * are {@code static final} fields there, which C2 treats as constants.
 */
public final class PanamaKernels extends ScalarKernels {
    /**
     * The one instance. A family kernel that calls another operation as a whole, scalar cases included (axpy,
     * the inherited scale), calls it here: the class is final, so C2 binds the call statically, as it did the
     * {@code this} call it replaces.
     */
    public static final PanamaKernels INSTANCE = new PanamaKernels();

    private PanamaKernels() {
    }

    @Override
    public String name() {
        return "panama";
    }

    // ---------------------------------------------------------------- packed bipolar: PanamaBits

    @Override
    public int overlap(long[] a, int aOff, long[] b, int bOff, int words, int n) {
        if (words < PanamaBits.minVectorWords()) {
            return super.overlap(a, aOff, b, bOff, words, n);
        }
        return n - 2 * PanamaBits.hamming(a, aOff, b, bOff, words);
    }

    @Override
    public void overlaps(long[] probe, int probeOff, long[] memories, int memOff, int k, int words, int n,
                         int[] out, int outOff) {
        if (words == 1 && k >= LL) {
            PanamaBits.overlapsOneWord(probe[probeOff], memories, memOff, k, n, out, outOff);
            return;
        }
        if (words < PanamaBits.minVectorWords()) {
            super.overlaps(probe, probeOff, memories, memOff, k, words, n, out, outOff);
            return;
        }
        PanamaBits.overlaps(probe, probeOff, memories, memOff, k, words, n, out, outOff);
    }

    @Override
    public void overlapsBatch(long[] probes, int probesOff, int p, long[] memories, int memOff, int k, int words, int n,
                              int[] out, int outOff) {
        for (int i = 0; i < p; i++) {
            overlaps(probes, probesOff + i * words, memories, memOff, k, words, n, out, outOff + i * k);
        }
    }

    @Override
    public void signToBits(float[] x, int xOff, int n, long[] out, int outOff) {
        if (n < 64) {
            super.signToBits(x, xOff, n, out, outOff);
            return;
        }
        PanamaBits.signToBits(x, xOff, n, out, outOff);
    }

    // ---------------------------------------------------------------- float linear algebra: PanamaLinear

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        if (len < 2 * FL) {
            return super.dot(a, aOff, b, bOff, len);
        }
        return PanamaLinear.dotVec(a, aOff, b, bOff, len);
    }

    @Override
    public void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        if (cols < 2 * FL) {
            super.matVec(m, mOff, rows, cols, x, xOff, out, outOff);
            return;
        }
        PanamaLinear.matVec(m, mOff, rows, cols, x, xOff, out, outOff);
    }

    @Override
    public void matVecBipolar(float[] m, int mOff, int rows, int cols, long[] x, int xOff, float[] out, int outOff) {
        if (cols < 2 * FL) {
            super.matVecBipolar(m, mOff, rows, cols, x, xOff, out, outOff);
            return;
        }
        PanamaLinear.matVecBipolar(m, mOff, rows, cols, x, xOff, out, outOff);
    }

    @Override
    public void axpyBipolar(float a, long[] bits, int bitsOff, float[] y, int yOff, int len) {
        if (len < 2 * FL) {
            super.axpyBipolar(a, bits, bitsOff, y, yOff, len);
            return;
        }
        PanamaLinear.axpyBipolar(a, bits, bitsOff, y, yOff, len);
    }

    @Override
    public void dotsBipolar(float[] v, int vOff, int len, long[] bits, int stride, int[] rows, int rowsOff, int count,
                            float[] out, int outOff) {
        if (len < 2 * FL) {
            super.dotsBipolar(v, vOff, len, bits, stride, rows, rowsOff, count, out, outOff);
            return;
        }
        PanamaLinear.dotsBipolar(v, vOff, len, bits, stride, rows, rowsOff, count, out, outOff);
    }

    @Override
    public void matTVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        if (cols < 2 * FL) {
            super.matTVec(m, mOff, rows, cols, x, xOff, out, outOff);
            return;
        }
        PanamaLinear.matTVec(m, mOff, rows, cols, x, xOff, out, outOff);
    }

    /** Register-blocked FMA tiles ({@link PanamaGemm}); every size takes that path, so every element is an FMA chain. */
    @Override
    public void gemm(boolean transA, boolean accumulate, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        PanamaGemm.gemm(transA, accumulate, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /**
     * Tables of each nibble's sixteen signed sums, built per block of columns and chunk of nibbles in L1 and
     * shared by all rows ({@link PanamaBipolarProduct}); the columns that do not fill a vector, and products too
     * small for the tables to pay, take the scalar reference. The same bits either way. The transposed product
     * (the gradient of {@code training=batched-bits}) builds tables of 16 nibbles, the other of 8, as measured.
     */
    @Override
    public void bipolarProduct(boolean transC, int m, int n, int k, long[] bits, int bitsOff, int words, float[] b,
                               int bOff, int ldb, float[] c, int cOff, int ldc) {
        int done = m < 4 || k < 8 ? 0 : PanamaBipolarProduct.product(transC,
                transC ? PanamaBipolarProduct.STEP_CHUNK : PanamaBipolarProduct.CHUNK, m, n, k, bits, bitsOff, words,
                b, bOff, ldb, c, cOff, ldc);
        if (done < n) {
            super.bipolarProduct(transC, m, n - done, k, bits, bitsOff, words, b, bOff + done, ldb, c,
                    cOff + (transC ? done * ldc : done), ldc);
        }
    }

    /**
     * Rows of the source in groups of a vector's lanes: for each column, one gather of the group's elements (a
     * strided read that stays in the group's cache lines) and one contiguous store of the copy's row; the rows
     * left over are copied one by one. (In DAM training it took {@code applyUpdate} from about 14 to 11 ms an epoch.)
     */
    @Override
    public void transpose(int rows, int cols, float[] src, int sOff, int lds, float[] dst, int dOff, int ldd) {
        PanamaGemm.transpose(rows, cols, src, sOff, lds, dst, dOff, ldd);
    }

    /**
     * {@code y += a x}. C2 auto-vectorises the inherited scalar loop only when it can rule out overlap, i.e. in
     * practice when both offsets are equal (then it is the faster code, see below); with different offsets, the
     * case of a row of a matrix ({@code y = w} at {@code i * n}, {@code x} a pattern at 0: Hebbian storage,
     * incremental fields), the scalar loop runs at about one element per cycle: 285 ns for 1024 floats in L1
     * against 40 ns for the vector loop, {@link PanamaLinear#axpy} (Zen 4, JDK 25). Same array: the scalar loop,
     * whose element order defines the result when the ranges overlap.
     */
    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len) {
        if (len < 2 * FL || xOff == yOff || x == y) {
            super.axpy(a, x, xOff, y, yOff, len);
            return;
        }
        PanamaLinear.axpy(a, x, xOff, y, yOff, len);
    }

    // scale and the equal-offset axpy are inherited: C2's auto-vectoriser already turns those scalar loops into
    // 512-bit code with an aligned main loop; explicit Panama versions (plain and 4x unrolled) measured 1.3-1.7x
    // slower under load, possibly from 64-byte vectors straddling cache lines on the unaligned stores (float[]
    // data starts 16 bytes into the object). See docs/performance.md.

    // ---------------------------------------------------------------- interaction functions, DAM: PanamaDam

    @Override
    public void interaction(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        if (len < 2 * FL) {
            super.interaction(f, shift, x, xOff, out, outOff, len);
            return;
        }
        PanamaDam.interaction(f, shift, x, xOff, out, outOff, len);
    }

    @Override
    public void interactionDerivative(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        if (len < 2 * FL) {
            super.interactionDerivative(f, shift, x, xOff, out, outOff, len);
            return;
        }
        PanamaDam.interactionDerivative(f, shift, x, xOff, out, outOff, len);
    }

    @Override
    public float damBipolarWeights(Interaction f, float c, float shift, float[] overlaps, int k, float[] weights) {
        if (k < 2 * FL) {
            return super.damBipolarWeights(f, c, shift, overlaps, k, weights);
        }
        return PanamaDam.damBipolarWeights(f, c, shift, overlaps, k, weights);
    }

    @Override
    public float damField(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                          float s) {
        if (k < 2 * FL) {
            return super.damField(f, c, shift, overlaps, k, column, colOff, s);
        }
        return PanamaDam.fieldFloat(f, c, shift, overlaps, k, column, colOff, s);
    }

    @Override
    public float damFieldBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] columnBits,
                              int colOff, float s) {
        if (k < 2 * FL) {
            return super.damFieldBits(f, c, shift, overlaps, k, columnBits, colOff, s);
        }
        return PanamaDam.fieldBits(f, c, shift, overlaps, k, columnBits, colOff, s);
    }

    @Override
    public void damFields(Interaction f, float c, float shift, float[] overlaps, int k, float[] memT, long[] state,
                          int from, int to, float[] out, int outOff) {
        if (k < 2 * FL) {
            super.damFields(f, c, shift, overlaps, k, memT, state, from, to, out, outOff);
            return;
        }
        PanamaDam.damFields(f, c, shift, overlaps, k, memT, state, from, to, out, outOff);
    }

    @Override
    public void damFieldsBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] memTBits, int kWords,
                              long[] state, int from, int to, float[] out, int outOff) {
        if (k < 2 * FL) {
            super.damFieldsBits(f, c, shift, overlaps, k, memTBits, kWords, state, from, to, out, outOff);
            return;
        }
        PanamaDam.damFieldsBits(f, c, shift, overlaps, k, memTBits, kWords, state, from, to, out, outOff);
    }

    @Override
    public void damDerivatives(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                               float s, float[] dPlus, float[] dMinus) {
        if (k < 2 * FL) {
            super.damDerivatives(f, c, shift, overlaps, k, column, colOff, s, dPlus, dMinus);
            return;
        }
        PanamaDam.damDerivatives(f, c, shift, overlaps, k, column, colOff, s, dPlus, dMinus);
    }

    @Override
    public void damSharedTerms(Interaction f, float c, float[] overlaps, int k, float[] fOut, float[] dOut) {
        if (k < 2 * FL) {
            super.damSharedTerms(f, c, overlaps, k, fOut, dOut);
            return;
        }
        PanamaDam.damSharedTerms(f, c, overlaps, k, fOut, dOut);
    }

    @Override
    public float damFlipTerms(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] column,
                              int colOff, float s, float[] dFlip) {
        if (k < 2 * FL) {
            return super.damFlipTerms(f, c, overlaps, fShared, k, column, colOff, s, dFlip);
        }
        return PanamaDam.damFlipTerms(f, c, overlaps, fShared, k, column, colOff, s, dFlip);
    }

    @Override
    public void damFlipTermsBlock(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] columns,
                                  int[] colOffs, float[] signs, int count, float[] dFlip, int dOff, float[] sums,
                                  int sumOff) {
        if (k < 2 * FL) {
            super.damFlipTermsBlock(f, c, overlaps, fShared, k, columns, colOffs, signs, count, dFlip, dOff, sums,
                    sumOff);
            return;
        }
        PanamaDam.damFlipTermsBlock(f, c, overlaps, fShared, k, columns, colOffs, signs, count, dFlip, dOff, sums,
                sumOff);
    }

    @Override
    public double damEnergy(Interaction f, float c, float shift, float[] overlaps, int k) {
        if (k < 2 * FL) {
            return super.damEnergy(f, c, shift, overlaps, k);
        }
        return PanamaDam.damEnergy(f, c, shift, overlaps, k);
    }

    /** The scalar F of {@link ScalarKernels} (protected there), for the tails in {@link PanamaDam}. */
    static float scalarF(Interaction f, float x, float shift) {
        return f(f, x, shift);
    }

    /** The scalar F' of {@link ScalarKernels}, for the tails in {@link PanamaDam}. */
    static float scalarDf(Interaction f, float x, float shift) {
        return df(f, x, shift);
    }

    // ---------------------------------------------------------------- softmax, modern Hopfield update: PanamaSoftmax

    @Override
    public float softmax(float beta, float[] x, int xOff, float[] out, int outOff, int len) {
        if (len < 2 * FL) {
            return super.softmax(beta, x, xOff, out, outOff, len);
        }
        return PanamaSoftmax.softmax(beta, x, xOff, out, outOff, len);
    }

    @Override
    public float logSumExp(float beta, float[] x, int xOff, int len) {
        if (len < 2 * FL) {
            return super.logSumExp(beta, x, xOff, len);
        }
        return PanamaSoftmax.logSumExp(beta, x, xOff, len);
    }

    @Override
    public float softmaxCombine(float beta, float[] mem, int memOff, int k, int n, float[] x, int xOff, float[] out,
                                int outOff) {
        if (n < 2 * FL || k < 4) {
            return super.softmaxCombine(beta, mem, memOff, k, n, x, xOff, out, outOff);
        }
        return PanamaSoftmax.softmaxCombine(beta, mem, memOff, k, n, x, xOff, out, outOff);
    }

    // softmaxCombineBits is inherited; the steps below are its dense parts (see PanamaSoftmax)

    @Override
    protected void doubleTable(float[] t, int base, int h, float d) {
        if (h < FL) {
            super.doubleTable(t, base, h, d);
            return;
        }
        PanamaSoftmax.doubleTable(t, base, h, d);
    }

    /**
     * With {@link PanamaSoftmax#VECTOR_PROBE_SCORES} a float probe's "tables" are the probe itself, zero-padded to
     * whole words of the rows, and {@link #bitScores} multiplies it by each row's ±1 lanes.
     */
    @Override
    protected void buildBitTables(float[] x, int xOff, int n, float[] t, int tOff) {
        if (!PanamaSoftmax.VECTOR_PROBE_SCORES) {
            super.buildBitTables(x, xOff, n, t, tOff);
            return;
        }
        System.arraycopy(x, xOff, t, tOff, n);
        java.util.Arrays.fill(t, tOff + n, tOff + (((n + 63) >>> 6) << 6), 0f);
    }

    @Override
    protected float bitScores(float beta, long[] mem, int base, int rows, int words, int nb, float[] t, float[] sc,
                              int scOff) {
        if (!PanamaSoftmax.VECTOR_PROBE_SCORES) {
            return super.bitScores(beta, mem, base, rows, words, nb, t, sc, scOff);
        }
        return PanamaSoftmax.probeScores(beta, mem, base, rows, words, t, sc, scOff);
    }

    @Override
    protected float expShiftSum(float[] sc, int off, int len, float max) {
        return PanamaSoftmax.expShiftSum(sc, off, len, max);
    }

    @Override
    protected void bitScatter(long[] mem, int base, int[] idx, int rows, int words, int nb, float[] w, int wOff,
                              float[] h, int hOff) {
        if (!PanamaSoftmax.DIRECT_BIT_SUMS) {
            super.bitScatter(mem, base, idx, rows, words, nb, w, wOff, h, hOff);
            return;
        }
        PanamaSoftmax.bitScatter(mem, base, idx, rows, words, nb, w, wOff, h, hOff);
    }

    /** With {@link PanamaSoftmax#DIRECT_BIT_SUMS} the region holds the sums themselves: 8 per byte of a row. */
    @Override
    protected int bitSumsLength(int n) {
        return PanamaSoftmax.DIRECT_BIT_SUMS ? ((n + 7) >>> 3) << 3 : super.bitSumsLength(n);
    }

    @Override
    protected void foldBitHistogram(float[] h, int hOff, int n, float a, float[] out, int outOff) {
        PanamaSoftmax.foldBitHistogram(h, hOff, n, a, out, outOff);
    }

    // ---------------------------------------------------------------- blocks of probes: PanamaBatch

    /** Blocked products ({@link PanamaBatch}) from 4 probes on; fewer go one at a time. */
    @Override
    public void softmaxCombineBatch(float beta, float[] mem, int memOff, int k, int n, float[] x, int xOff, int p,
                                    float[] out, int outOff, float[] lse, int lseOff) {
        if (p < 4 || k == 0 || n < 2 * FL) {
            super.softmaxCombineBatch(beta, mem, memOff, k, n, x, xOff, p, out, outOff, lse, lseOff);
            return;
        }
        PanamaBatch.softmaxCombine(beta, mem, memOff, k, n, x, xOff, p, out, outOff, lse, lseOff);
    }

    /**
     * Lane-parallel scores and one packed ±1 × float product for the weighted sums ({@link
     * PanamaBatch#softmaxCombineBits}), in chunks of one vector of probes; a chunk costs about as much whatever the
     * number of its lanes in use (on Zen 1: 0.89–0.95 ms for 2, 4 or 8 probes at N = 1024, K = 1000, where one
     * probe at a time takes 0.17 ms each), so the probes of a last, part-filled chunk (or of a batch of less than a
     * vector) go one at a time unless they fill three quarters of it; so do all when there are fewer than 8
     * memories or fewer than two vectors of neurons.
     */
    @Override
    public void softmaxCombineBitsBatch(float beta, long[] mem, int memOff, int k, int n, float[] x, int xOff, int p,
                                        float[] out, int outOff, float[] lse, int lseOff) {
        int rest = p % FL;
        int batched = k < 8 || n < 2 * FL ? 0 : rest * 4 >= FL * 3 ? p : p - rest;
        if (batched > 0) {
            PanamaBatch.softmaxCombineBits(beta, mem, memOff, k, n, x, xOff, batched, out, outOff, lse, lseOff);
        }
        if (batched < p) {
            super.softmaxCombineBitsBatch(beta, mem, memOff, k, n, x, xOff + batched * n, p - batched, out,
                    outOff + batched * n, lse, lseOff + batched);
        }
    }

    @Override
    public void dotsBipolarBatch(float[] v, int vOff, int vStride, int p, int len, long[] bits, int stride, int[] rows,
                                 int rowsOff, int count, float[] out, int outOff, int outStride) {
        if (len < 2 * FL) {
            super.dotsBipolarBatch(v, vOff, vStride, p, len, bits, stride, rows, rowsOff, count, out, outOff, outStride);
            return;
        }
        PanamaBatch.dotsBipolarBatch(v, vOff, vStride, p, len, bits, stride, rows, rowsOff, count, out, outOff,
                outStride);
    }

    @Override
    public void matVecBipolarBatch(float[] m, int mOff, int rows, int cols, long[] x, int xOff, int p, float[] out,
                                   int outOff) {
        if (cols < 2 * FL) {
            super.matVecBipolarBatch(m, mOff, rows, cols, x, xOff, p, out, outOff);
            return;
        }
        PanamaBatch.matVecBipolarBatch(m, mOff, rows, cols, x, xOff, p, out, outOff);
    }

    @Override
    public void matTVecBatch(float[] m, int mOff, int rows, int cols, float[] x, int xOff, int xStride, int p,
                             float[] out, int outOff, int outStride) {
        if (cols < 2 * FL) {
            super.matTVecBatch(m, mOff, rows, cols, x, xOff, xStride, p, out, outOff, outStride);
            return;
        }
        PanamaBatch.matTVecBatch(m, mOff, rows, cols, x, xOff, xStride, p, out, outOff, outStride);
    }

    /** With vector popcount (AVX-512) and rows of at least one vector of words: {@link PanamaBits#ternaryDistances}. */
    @Override
    protected long ternaryDistances(long[] mem, int base, int rows, int words, long[] p, float[] sc, int scOff) {
        if (words < LL || FL < 16) {
            return super.ternaryDistances(mem, base, rows, words, p, sc, scOff);
        }
        return PanamaBits.ternaryDistances(mem, base, rows, words, p, sc, scOff);
    }
}
