package dev.engram.core.kernel.panama;

import dev.engram.api.kernel.Interaction;
import dev.engram.core.kernel.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 */
public final class PanamaKernels extends ScalarKernels {
    public static final PanamaKernels INSTANCE = new PanamaKernels();
    private static final VectorSpecies<Float> F = PanamaSupport.FLOAT;
    private static final VectorSpecies<Long> L = PanamaSupport.LONG;
    private static final int FL = F.length();
    private static final int LL = L.length();
    /** The low {@code FL} bits set: one float vector's worth of packed bits. */
    /**
     * Sum of the lanes in index order. {@code reduceLanes(ADD)} on floats has no specified order, and C2
     * reorders it (JDK 23+) while the interpreter sums sequentially, so a kernel's result depended on whether
     * it was compiled yet: the same seed gave different numbers within one JVM (seen as flaky resume and
     * same-seed tests). Lane-wise add, mul and fma are exact IEEE operations in both modes, so with this
     * reduction the float kernels (all but the EXP-based ones) give the same bits interpreted or compiled.
     */
    private static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < FL; l++) {
            s += v.lane(l);
        }
        return s;
    }

    private static final long FL_MASK = FL == 64 ? -1L : (1L << FL) - 1;
    private static final VectorSpecies<Integer> I = PanamaSupport.INT;
    /** Lane j holds 31 − j: shifting a broadcast bit pattern left by it moves bit j to the sign bit of lane j. */
    private static final int[] SIGN_SHIFTS = new int[I.length()];

    static {
        for (int j = 0; j < SIGN_SHIFTS.length; j++) {
            SIGN_SHIFTS[j] = 31 - j;
        }
    }

    private PanamaKernels() {
    }

    @Override
    public String name() {
        return "panama";
    }

    // ---------------------------------------------------------------- packed bipolar

    /** Hamming distance of two packed vectors (XOR + lanewise popcount, one reduction). */
    private static int hamming(long[] a, int aOff, long[] b, int bOff, int words) {
        LongVector acc0 = LongVector.zero(L);
        LongVector acc1 = LongVector.zero(L);
        int i = 0;
        int bound2 = words - words % (2 * LL);
        for (; i < bound2; i += 2 * LL) {
            acc0 = acc0.add(LongVector.fromArray(L, a, aOff + i).lanewise(VectorOperators.XOR,
                    LongVector.fromArray(L, b, bOff + i)).lanewise(VectorOperators.BIT_COUNT));
            acc1 = acc1.add(LongVector.fromArray(L, a, aOff + i + LL).lanewise(VectorOperators.XOR,
                    LongVector.fromArray(L, b, bOff + i + LL)).lanewise(VectorOperators.BIT_COUNT));
        }
        for (; i < words; i += LL) {
            VectorMask<Long> m = L.indexInRange(i, words);
            acc0 = acc0.add(LongVector.fromArray(L, a, aOff + i, m).lanewise(VectorOperators.XOR,
                    LongVector.fromArray(L, b, bOff + i, m)).lanewise(VectorOperators.BIT_COUNT), m);
        }
        return (int) acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public int overlap(long[] a, int aOff, long[] b, int bOff, int words, int n) {
        if (words < minVectorWords()) {
            return super.overlap(a, aOff, b, bOff, words, n);
        }
        return n - 2 * hamming(a, aOff, b, bOff, words);
    }

    /**
     * Fewest words per pattern for the XOR + lanewise {@code BIT_COUNT} path. With 512-bit vectors (AVX-512, taken
     * to have {@code VPOPCNTQ}) one vector of words. Narrower vectors have no vector popcount instruction (AVX2: C2
     * emulates it with byte lookups), and there the scalar {@code Long.bitCount} loop was faster below 16 words:
     * on Zen 1, overlaps at k = 1000 took 13.5 µs (vector) against 8.0 µs (scalar) at 4 words (n = 207) and
     * 50.7 against 17.6 µs at 13 words (n = 784, a masked tail), but 17.5 against 19.3–20.8 µs at 16 words
     * (n = 1024) and 53.2 against 66.4 µs at 64 words (n = 4096).
     */
    private static int minVectorWords() {
        return FL >= 16 ? LL : 16;
    }

    @Override
    public void overlaps(long[] probe, int probeOff, long[] memories, int memOff, int k, int words, int n,
                         int[] out, int outOff) {
        if (words == 1 && k >= LL) {
            overlapsOneWord(probe[probeOff], memories, memOff, k, n, out, outOff);
            return;
        }
        if (words < minVectorWords()) {
            super.overlaps(probe, probeOff, memories, memOff, k, words, n, out, outOff);
            return;
        }
        for (int mu = 0; mu < k; mu++) {
            out[outOff + mu] = n - 2 * hamming(probe, probeOff, memories, memOff + mu * words, words);
        }
    }


    /** One-word patterns (n ≤ 64): {@code LL} memories per vector, no reduction at all. */
    private static void overlapsOneWord(long p, long[] memories, int memOff, int k, int n, int[] out, int outOff) {
        LongVector pv = LongVector.broadcast(L, p);
        int mu = 0;
        int bound = L.loopBound(k);
        for (; mu < bound; mu += LL) {
            LongVector pc = LongVector.fromArray(L, memories, memOff + mu).lanewise(VectorOperators.XOR, pv)
                    .lanewise(VectorOperators.BIT_COUNT);
            // n - 2 * popcount, narrowed to int lanes and stored
            ((IntVector) pc.lanewise(VectorOperators.LSHL, 1).neg().add(n)
                    .convertShape(VectorOperators.L2I, PanamaSupport.INT_FOR_LONG, 0))
                    .intoArray(out, outOff + mu);
        }
        for (; mu < k; mu++) {
            out[outOff + mu] = n - 2 * Long.bitCount(p ^ memories[memOff + mu]);
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
        if (len < 2 * FL) {
            return super.dot(a, aOff, b, bOff, len);
        }
        return dotVec(a, aOff, b, bOff, len);
    }

    /** Four-accumulator FMA dot product (len ≥ 1 vector). */
    private static float dotVec(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        int i = 0;
        int bound4 = len - len % (4 * FL);
        for (; i < bound4; i += 4 * FL) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + FL).fma(FloatVector.fromArray(F, b, bOff + i + FL), acc1);
            acc2 = FloatVector.fromArray(F, a, aOff + i + 2 * FL).fma(FloatVector.fromArray(F, b, bOff + i + 2 * FL), acc2);
            acc3 = FloatVector.fromArray(F, a, aOff + i + 3 * FL).fma(FloatVector.fromArray(F, b, bOff + i + 3 * FL), acc3);
        }
        int bound = F.loopBound(len);
        for (; i < bound; i += FL) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
        }
        float s = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        if (cols < 2 * FL) {
            super.matVec(m, mOff, rows, cols, x, xOff, out, outOff);
            return;
        }
        int r = 0;
        // two rows at a time: each x vector is loaded once for both rows
        for (; r + 1 < rows; r += 2) {
            int b0 = mOff + r * cols;
            int b1 = b0 + cols;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector c0 = FloatVector.zero(F);
            FloatVector c1 = FloatVector.zero(F);
            int i = 0;
            int bound2 = cols - cols % (2 * FL);
            for (; i < bound2; i += 2 * FL) {
                FloatVector xv0 = FloatVector.fromArray(F, x, xOff + i);
                FloatVector xv1 = FloatVector.fromArray(F, x, xOff + i + FL);
                a0 = FloatVector.fromArray(F, m, b0 + i).fma(xv0, a0);
                c0 = FloatVector.fromArray(F, m, b0 + i + FL).fma(xv1, c0);
                a1 = FloatVector.fromArray(F, m, b1 + i).fma(xv0, a1);
                c1 = FloatVector.fromArray(F, m, b1 + i + FL).fma(xv1, c1);
            }
            int bound = F.loopBound(cols);
            for (; i < bound; i += FL) {
                FloatVector xv0 = FloatVector.fromArray(F, x, xOff + i);
                a0 = FloatVector.fromArray(F, m, b0 + i).fma(xv0, a0);
                a1 = FloatVector.fromArray(F, m, b1 + i).fma(xv0, a1);
            }
            float s0 = sumLanes(a0.add(c0));
            float s1 = sumLanes(a1.add(c1));
            for (; i < cols; i++) {
                float xi = x[xOff + i];
                s0 += m[b0 + i] * xi;
                s1 += m[b1 + i] * xi;
            }
            out[outOff + r] = s0;
            out[outOff + r + 1] = s1;
        }
        if (r < rows) {
            out[outOff + r] = dotVec(m, mOff + r * cols, x, xOff, cols);
        }
    }

    @Override
    public void matVecBipolar(float[] m, int mOff, int rows, int cols, long[] x, int xOff, float[] out, int outOff) {
        if (cols < 2 * FL) {
            super.matVecBipolar(m, mOff, rows, cols, x, xOff, out, outOff);
            return;
        }
        int bound = F.loopBound(cols);
        IntVector shifts = IntVector.fromArray(I, SIGN_SHIFTS, 0);
        for (int r = 0; r < rows; r++) {
            int base = mOff + r * cols;
            // acc0/acc1 alternate so that consecutive chunks do not wait on each other
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            int c = 0;
            for (; c + FL < bound; c += 2 * FL) {
                long w0 = x[xOff + (c >>> 6)] >>> (c & 63);
                long w1 = x[xOff + ((c + FL) >>> 6)] >>> ((c + FL) & 63);
                acc0 = acc0.add(flipWhereClear(FloatVector.fromArray(F, m, base + c), w0, shifts));
                acc1 = acc1.add(flipWhereClear(FloatVector.fromArray(F, m, base + c + FL), w1, shifts));
            }
            for (; c < bound; c += FL) {
                long w0 = x[xOff + (c >>> 6)] >>> (c & 63);
                acc0 = acc0.add(flipWhereClear(FloatVector.fromArray(F, m, base + c), w0, shifts));
            }
            float s = sumLanes(acc0.add(acc1));
            for (; c < cols; c++) {
                float v = m[base + c];
                s += ((x[xOff + (c >>> 6)] >>> c) & 1L) != 0 ? v : -v;
            }
            out[outOff + r] = s;
        }
    }

    /**
     * v with the sign of lane j flipped where bit j of {@code bits} is clear (packed ±1 times v): the bits go
     * to the lanes' sign positions by a variable shift and are XORed in; no mask registers involved.
     */
    private static FloatVector flipWhereClear(FloatVector v, long bits, IntVector shifts) {
        return v.reinterpretAsInts().lanewise(VectorOperators.XOR, signs(bits, shifts)).reinterpretAsFloats();
    }

    /**
     * The sign masks of {@link #flipWhereClear}: lane j = {@code 0x80000000} where bit j of {@code bits} is
     * clear, else 0. With at most 8 lanes one load from {@link #SIGN_TABLE} (measured about 1.4x faster than the
     * variable shift on Zen 1, whose {@code vpsllvd} is slow); with more lanes, the broadcast and shift.
     */
    private static IntVector signs(long bits, IntVector shifts) {
        if (SIGN_TABLE_LANES) {
            return IntVector.fromArray(I, SIGN_TABLE, ((int) bits & (int) FL_MASK) * FL);
        }
        return IntVector.broadcast(I, (int) ~bits).lanewise(VectorOperators.LSHL, shifts).and(Integer.MIN_VALUE);
    }

    /** Whether {@link #SIGN_TABLE} is used: float vectors of at most 8 lanes (2^8 entries of 8 lanes, 8 KiB). */
    private static final boolean SIGN_TABLE_LANES = FL <= 8;
    /** Entry b (FL ints at {@code b * FL}): lane j = {@code 0x80000000} where bit j of b is clear, else 0. */
    private static final int[] SIGN_TABLE = new int[SIGN_TABLE_LANES ? (1 << FL) * FL : 0];

    static {
        if (SIGN_TABLE_LANES) {
            for (int b = 0; b < 1 << FL; b++) {
                for (int j = 0; j < FL; j++) {
                    SIGN_TABLE[b * FL + j] = ((b >>> j) & 1) != 0 ? 0 : Integer.MIN_VALUE;
                }
            }
        }
    }

    @Override
    public void axpyBipolar(float a, long[] bits, int bitsOff, float[] y, int yOff, int len) {
        if (len < 2 * FL) {
            super.axpyBipolar(a, bits, bitsOff, y, yOff, len);
            return;
        }
        IntVector shifts = IntVector.fromArray(I, SIGN_SHIFTS, 0);
        FloatVector av = FloatVector.broadcast(F, a);
        int bound = F.loopBound(len);
        int c = 0;
        // written out four times per iteration to keep the method above C2's FreqInlineSize: see
        // bipolarWeightsPoly
        for (; c + 3 * FL < bound; c += 4 * FL) {
            int c1 = c + FL;
            int c2 = c1 + FL;
            int c3 = c2 + FL;
            FloatVector.fromArray(F, y, yOff + c).add(flipWhereClear(av, bits[bitsOff + (c >>> 6)] >>> (c & 63), shifts))
                    .intoArray(y, yOff + c);
            FloatVector.fromArray(F, y, yOff + c1).add(flipWhereClear(av, bits[bitsOff + (c1 >>> 6)] >>> (c1 & 63), shifts))
                    .intoArray(y, yOff + c1);
            FloatVector.fromArray(F, y, yOff + c2).add(flipWhereClear(av, bits[bitsOff + (c2 >>> 6)] >>> (c2 & 63), shifts))
                    .intoArray(y, yOff + c2);
            FloatVector.fromArray(F, y, yOff + c3).add(flipWhereClear(av, bits[bitsOff + (c3 >>> 6)] >>> (c3 & 63), shifts))
                    .intoArray(y, yOff + c3);
        }
        for (; c < bound; c += FL) {
            long w = bits[bitsOff + (c >>> 6)] >>> (c & 63);
            FloatVector.fromArray(F, y, yOff + c).add(flipWhereClear(av, w, shifts)).intoArray(y, yOff + c);
        }
        for (; c < len; c++) {
            y[yOff + c] += ((bits[bitsOff + (c >>> 6)] >>> c) & 1L) != 0 ? a : -a;
        }
    }

    /**
     * Rows four at a time share each load of {@code v}. Every row has one accumulator (four rows give the adds
     * enough independent chains) and the same reduction, also a row left over: a row's sum does not depend on
     * its company. (Two accumulators per row, eight in all, made C2 box vectors: 640 B per call.)
     */
    @Override
    public void dotsBipolar(float[] v, int vOff, int len, long[] bits, int stride, int[] rows, int rowsOff, int count,
                            float[] out, int outOff) {
        if (len < 2 * FL) {
            super.dotsBipolar(v, vOff, len, bits, stride, rows, rowsOff, count, out, outOff);
            return;
        }
        int j = 0;
        for (; j + 3 < count; j += 4) {
            dots4(v, vOff, len, bits, rows[rowsOff + j] * stride, rows[rowsOff + j + 1] * stride,
                    rows[rowsOff + j + 2] * stride, rows[rowsOff + j + 3] * stride, out, outOff + j);
        }
        for (; j < count; j++) {
            out[outOff + j] = dot1(v, vOff, len, bits, rows[rowsOff + j] * stride);
        }
    }

    private static float dot1(float[] v, int vOff, int len, long[] x, int o) {
        IntVector shifts = IntVector.fromArray(I, SIGN_SHIFTS, 0);
        int bound = F.loopBound(len);
        FloatVector a = FloatVector.zero(F);
        int c = 0;
        // written out four times per iteration (same sums) to keep the method above C2's FreqInlineSize: see
        // bipolarWeightsPoly
        for (; c + 3 * FL < bound; c += 4 * FL) {
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + c), x[o + (c >>> 6)] >>> (c & 63), shifts));
            int d = c + FL;
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + d), x[o + (d >>> 6)] >>> (d & 63), shifts));
            d += FL;
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + d), x[o + (d >>> 6)] >>> (d & 63), shifts));
            d += FL;
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + d), x[o + (d >>> 6)] >>> (d & 63), shifts));
        }
        for (; c < bound; c += FL) {
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + c), x[o + (c >>> 6)] >>> (c & 63), shifts));
        }
        float s = sumLanes(a);
        for (; c < len; c++) {
            float m = v[vOff + c];
            s += ((x[o + (c >>> 6)] >>> c) & 1L) != 0 ? m : -m;
        }
        return s;
    }

    private static void dots4(float[] v, int vOff, int len, long[] x, int o0, int o1, int o2, int o3, float[] out,
                              int outOff) {
        IntVector shifts = IntVector.fromArray(I, SIGN_SHIFTS, 0);
        int bound = F.loopBound(len);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += FL) {
            int w = c >>> 6;
            int sh = c & 63;
            FloatVector va = FloatVector.fromArray(F, v, vOff + c);
            a0 = a0.add(flipWhereClear(va, x[o0 + w] >>> sh, shifts));
            a1 = a1.add(flipWhereClear(va, x[o1 + w] >>> sh, shifts));
            a2 = a2.add(flipWhereClear(va, x[o2 + w] >>> sh, shifts));
            a3 = a3.add(flipWhereClear(va, x[o3 + w] >>> sh, shifts));
        }
        float s0 = sumLanes(a0);
        float s1 = sumLanes(a1);
        float s2 = sumLanes(a2);
        float s3 = sumLanes(a3);
        for (; c < len; c++) {
            float m = v[vOff + c];
            int w = c >>> 6;
            s0 += ((x[o0 + w] >>> c) & 1L) != 0 ? m : -m;
            s1 += ((x[o1 + w] >>> c) & 1L) != 0 ? m : -m;
            s2 += ((x[o2 + w] >>> c) & 1L) != 0 ? m : -m;
            s3 += ((x[o3 + w] >>> c) & 1L) != 0 ? m : -m;
        }
        out[outOff] = s0;
        out[outOff + 1] = s1;
        out[outOff + 2] = s2;
        out[outOff + 3] = s3;
    }

    @Override
    public void matTVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        if (cols < 2 * FL) {
            super.matTVec(m, mOff, rows, cols, x, xOff, out, outOff);
            return;
        }
        // four rows at a time, streaming through the rows in memory order: out[c] += Σ_{r..r+3} m[r][c] x[r].
        // (Walking a column block down all rows instead strides by the row length, which for power-of-two
        // lengths maps every row to the same L1 set.)
        int bound = F.loopBound(cols);
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b0 = mOff + r * cols;
            int b1 = b0 + cols;
            int b2 = b1 + cols;
            int b3 = b2 + cols;
            FloatVector x0 = FloatVector.broadcast(F, x[xOff + r]);
            FloatVector x1 = FloatVector.broadcast(F, x[xOff + r + 1]);
            FloatVector x2 = FloatVector.broadcast(F, x[xOff + r + 2]);
            FloatVector x3 = FloatVector.broadcast(F, x[xOff + r + 3]);
            boolean first = r == 0;
            int c = 0;
            for (; c < bound; c += FL) {
                FloatVector o = first ? FloatVector.zero(F) : FloatVector.fromArray(F, out, outOff + c);
                o = FloatVector.fromArray(F, m, b0 + c).fma(x0, o);
                o = FloatVector.fromArray(F, m, b1 + c).fma(x1, o);
                o = FloatVector.fromArray(F, m, b2 + c).fma(x2, o);
                o = FloatVector.fromArray(F, m, b3 + c).fma(x3, o);
                o.intoArray(out, outOff + c);
            }
            for (; c < cols; c++) {
                float o = first ? 0f : out[outOff + c];
                o += m[b0 + c] * x[xOff + r];
                o += m[b1 + c] * x[xOff + r + 1];
                o += m[b2 + c] * x[xOff + r + 2];
                o += m[b3 + c] * x[xOff + r + 3];
                out[outOff + c] = o;
            }
        }
        if (r == 0) {
            for (int c = 0; c < cols; c++) {
                out[outOff + c] = 0f;
            }
        }
        for (; r < rows; r++) {
            axpy(x[xOff + r], m, mOff + r * cols, out, outOff, cols);
        }
    }

    /**
     * {@code y += a x}. C2 auto-vectorises the inherited scalar loop only when it can rule out overlap, i.e. in
     * practice when both offsets are equal (then it is the faster code, see below); with different offsets, the
     * case of a row of a matrix ({@code y = w} at {@code i * n}, {@code x} a pattern at 0: Hebbian storage,
     * incremental fields), the scalar loop runs at about one element per cycle: 285 ns for 1024 floats in L1
     * against 40 ns for this vector loop (Zen 4, JDK 25). Same array: the scalar loop, whose element order
     * defines the result when the ranges overlap.
     */
    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len) {
        if (len < 2 * FL || xOff == yOff || x == y) {
            super.axpy(a, x, xOff, y, yOff, len);
            return;
        }
        FloatVector av = FloatVector.broadcast(F, a);
        int bound = F.loopBound(len);
        int i = 0;
        for (; i < bound; i += FL) {
            FloatVector.fromArray(F, x, xOff + i).fma(av, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    // scale and the equal-offset axpy are inherited: C2's auto-vectoriser already turns those scalar loops into
    // 512-bit code with an aligned main loop; explicit Panama versions (plain and 4x unrolled) measured 1.3-1.7x
    // slower under load, possibly from 64-byte vectors straddling cache lines on the unaligned stores (float[]
    // data starts 16 bytes into the object). See docs/performance.md.

    // ---------------------------------------------------------------- interaction functions (vector forms)

    /**
     * x^n, n ≥ 0, by repeated squaring in the scalar reference's multiplication order (bit-identical to
     * {@link ScalarKernels}'s {@code pow}).
     */
    static FloatVector pow(FloatVector x, int n) {
        if (n == 0) {
            return FloatVector.broadcast(F, 1f);
        }
        FloatVector r = x;
        int tz = Integer.numberOfTrailingZeros(n);
        for (int t = 0; t < tz; t++) {
            r = r.mul(r);
        }
        FloatVector b = r;
        for (int e = n >>> (tz + 1); e != 0; e >>>= 1) {
            b = b.mul(b);
            if ((e & 1) != 0) {
                r = r.mul(b);
            }
        }
        return r;
    }

    @Override
    public void interaction(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        if (len < 2 * FL) {
            super.interaction(f, shift, x, xOff, out, outOff, len);
            return;
        }
        int i = 0;
        int bound = F.loopBound(len);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; i < bound; i += FL) {
                FloatVector.fromArray(F, x, xOff + i).sub(shift).lanewise(VectorOperators.EXP).intoArray(out, outOff + i);
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; i < bound; i += FL) {
                polyF(FloatVector.fromArray(F, x, xOff + i), n, rectify, leak).intoArray(out, outOff + i);
            }
        }
        for (; i < len; i++) {
            out[outOff + i] = f(f, x[xOff + i], shift);
        }
    }

    @Override
    public void interactionDerivative(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        if (len < 2 * FL) {
            super.interactionDerivative(f, shift, x, xOff, out, outOff, len);
            return;
        }
        int i = 0;
        int bound = F.loopBound(len);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; i < bound; i += FL) {
                FloatVector.fromArray(F, x, xOff + i).sub(shift).lanewise(VectorOperators.EXP).intoArray(out, outOff + i);
            }
        } else {
            int n = f.n();
            float fn = n;
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            FloatVector below = FloatVector.broadcast(F, f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f);
            for (; i < bound; i += FL) {
                FloatVector a = FloatVector.fromArray(F, x, xOff + i);
                FloatVector d = pow(a, n - 1).mul(fn);
                if (rectify) {
                    d = below.blend(d, a.compare(VectorOperators.GT, 0f));
                }
                d.intoArray(out, outOff + i);
            }
        }
        for (; i < len; i++) {
            out[outOff + i] = df(f, x[xOff + i], shift);
        }
    }

    // ---------------------------------------------------------------- Dense Associative Memory

    /**
     * F(c·(base + x)) − F(c·(base − x)) with base = m − s·x, for the polynomial family: x^n, then (when
     * {@code rectify}) {@code leak·a} where a ≤ 0 (leak 0 gives the rectified polynomial).
     */
    private static FloatVector polyTerm(int n, boolean rectify, float leak, float c, FloatVector m, FloatVector x,
                                        float s) {
        // base = m − s·x as one FMA (exact for the packed ±1 memories and integer overlaps, so the same bits as a
        // multiplication and a subtraction; one rounding instead of two for real-valued memories)
        FloatVector base = x.fma(FloatVector.broadcast(F, -s), m);
        FloatVector a = base.add(x).mul(c);
        FloatVector b = base.sub(x).mul(c);
        return polyF(a, n, rectify, leak).sub(polyF(b, n, rectify, leak));
    }

    /** The same term for the exponential: e^(a − shift) − e^(b − shift). */
    private static FloatVector expTerm(float c, float shift, FloatVector m, FloatVector x, float s) {
        FloatVector base = m.sub(x.mul(s));
        FloatVector a = base.add(x).mul(c).sub(shift);
        FloatVector b = base.sub(x).mul(c).sub(shift);
        return a.lanewise(VectorOperators.EXP).sub(b.lanewise(VectorOperators.EXP));
    }

    /** The scalar term, for tails. */
    private static float termScalar(Interaction f, float c, float shift, float m, float x, float s) {
        float base = m - s * x;
        return f(f, c * (base + x), shift) - f(f, c * (base - x), shift);
    }

    /**
     * ±1 lanes from {@code FL} packed bits (bit set = +1). (Here a mask and a blend: the sign-flip form of
     * {@link #flipWhereClear} made C2 box the vectors of this loop, 35 KB allocated per call.)
     */
    private static FloatVector bipolar(long bits) {
        if (SIGN_TABLE_LANES) {
            // at most 8 lanes (AVX2 and narrower, no mask registers; C2 expands fromLong slowly there): one load
            return FloatVector.fromArray(F, BIPOLAR_TABLE, ((int) bits & (int) FL_MASK) * FL);
        }
        if (!MASK_FROM_LONG) {
            VectorMask<Integer> m = IntVector.broadcast(I, (int) bits).and(LANE_BITS).compare(VectorOperators.NE, 0);
            return MINUS_ONES.blend(1f, m.cast(F));
        }
        return FloatVector.broadcast(F, -1f).blend(1f, VectorMask.fromLong(F, bits & FL_MASK));
    }

    /**
     * Entry b (FL floats from b·FL) is the ±1 vector of the FL-bit pattern b (bit set = +1), for
     * {@link #bipolar} with at most 8 lanes (8 KiB at 8 lanes). On Zen 1 (AVX2) this made {@code damFieldsBits}
     * 1.34x faster than an in-vector bit test (1171 → 874 µs at N = 1024, K = 1000, thread CPU time), which was
     * itself 3x faster than {@code VectorMask.fromLong} there (5.6 → 1.8 µs for one field at K = 1000).
     */
    private static final float[] BIPOLAR_TABLE = new float[SIGN_TABLE_LANES ? (1 << FL) * FL : 0];

    static {
        for (int b = 0; b < (SIGN_TABLE_LANES ? 1 << FL : 0); b++) {
            for (int j = 0; j < FL; j++) {
                BIPOLAR_TABLE[b * FL + j] = ((b >>> j) & 1) != 0 ? 1f : -1f;
            }
        }
    }

    /** Whether {@code VectorMask.fromLong} is the fast path (AVX-512 mask registers: 16-lane floats). */
    private static final boolean MASK_FROM_LONG = FL >= 16 || I.length() != FL;
    /** Lane j holds 1 << j. */
    private static final IntVector LANE_BITS = IntVector.fromArray(I, laneBits(), 0);
    private static final FloatVector MINUS_ONES = FloatVector.broadcast(F, -1f);

    private static int[] laneBits() {
        int[] b = new int[I.length()];
        for (int j = 0; j < b.length && j < 32; j++) {
            b[j] = 1 << j;
        }
        return b;
    }

    // The field loops are split by family (and float / packed memories) so that each compiled loop holds one
    // interaction function only: with all four inlined into one loop C2 ran out of its node budget and fell back
    // to boxed vectors (observed as a 50x slow-down of damField with polynomial n = 10).

    private static float fieldFloat(Interaction f, float c, float shift, float[] overlaps, int k, float[] column,
                                    int colOff, float s) {
        FloatVector acc = FloatVector.zero(F);
        int bound = F.loopBound(k);
        int mu = 0;
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound; mu += FL) {
                acc = acc.add(expTerm(c, shift, FloatVector.fromArray(F, overlaps, mu),
                        FloatVector.fromArray(F, column, colOff + mu), s));
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; mu < bound; mu += FL) {
                acc = acc.add(polyTerm(n, rectify, leak, c, FloatVector.fromArray(F, overlaps, mu),
                        FloatVector.fromArray(F, column, colOff + mu), s));
            }
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            sum += termScalar(f, c, shift, overlaps[mu], column[colOff + mu], s);
        }
        return sum;
    }

    private static float fieldBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] bits,
                                   int bitOff, float s) {
        FloatVector acc = FloatVector.zero(F);
        int bound = F.loopBound(k);
        int mu = 0;
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound; mu += FL) {
                acc = acc.add(expTerm(c, shift, FloatVector.fromArray(F, overlaps, mu),
                        bipolar(bits[bitOff + (mu >>> 6)] >>> (mu & 63)), s));
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; mu < bound; mu += FL) {
                acc = acc.add(polyTerm(n, rectify, leak, c, FloatVector.fromArray(F, overlaps, mu),
                        bipolar(bits[bitOff + (mu >>> 6)] >>> (mu & 63)), s));
            }
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            float x = ((bits[bitOff + (mu >>> 6)] >>> mu) & 1L) != 0 ? 1f : -1f;
            sum += termScalar(f, c, shift, overlaps[mu], x, s);
        }
        return sum;
    }

    @Override
    public float damBipolarWeights(Interaction f, float c, float shift, float[] overlaps, int k, float[] weights) {
        if (k < 2 * FL) {
            return super.damBipolarWeights(f, c, shift, overlaps, k, weights);
        }
        return f.kind() == Interaction.Kind.EXPONENTIAL ? bipolarWeightsExp(f, c, shift, overlaps, k, weights)
                : bipolarWeightsPoly(f, c, shift, overlaps, k, weights, f.n() >= FLUSH_MIN_DEGREE);
    }

    // The loops below are kept above C2's FreqInlineSize (325 bytecodes; the exponential one is written out twice
    // per iteration, one accumulator, the same sum): C2 then compiles each on its own and never inlines it into a
    // large caller (the DAM recall loop), where it ran out of node budget now and then and boxed every vector
    // (2 MB allocated per recall, 3x slower; seen as a bimodal benchmark). The polynomial loop evaluates its three
    // powers in one squaring loop: three calls of polyF per iteration, each with its own loops, boxed too (n = 20).

    /**
     * {@link #damBipolarWeights} for the polynomial family: the three powers of an iteration share one squaring
     * loop (the multiplications of {@link #pow}, so the same products as the scalar reference). With
     * {@code flush}, arguments whose power is below {@link #FLUSH_BELOW} are taken as 0: from degree
     * {@link #FLUSH_MIN_DEGREE} on, a DAM has many of them (n = 20, c = 1/784: |h| &lt; 12), and Zen 1 assists
     * every subnormal result in microcode (2.5x slower). Off from the definition by less than {@code FLUSH_BELOW}
     * per power. ({@code flush} is loop-invariant: C2 compiles the loop once with and once without it.)
     */
    private static float bipolarWeightsPoly(Interaction f, float c, float shift, float[] overlaps, int k,
                                            float[] weights, boolean flush) {
        int n = f.n();
        boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
        float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
        int tz = Integer.numberOfTrailingZeros(n);
        int rest = n >>> (tz + 1);
        float tiny = flush ? (float) Math.pow(FLUSH_BELOW, 1.0 / n) : 0f;
        FloatVector zero = FloatVector.zero(F);
        int bound = F.loopBound(k);
        FloatVector acc = FloatVector.zero(F);
        int mu = 0;
        for (; mu < bound; mu += FL) {
            FloatVector h = FloatVector.fromArray(F, overlaps, mu);
            FloatVector xa = h.add(2f).mul(c);
            FloatVector xb = h.sub(2f).mul(c);
            FloatVector x0 = h.mul(c);
            FloatVector ra = xa; // n >= 1 (Interaction checks)
            FloatVector rb = xb;
            FloatVector r0 = x0;
            if (flush) {
                ra = zero.blend(ra, ra.abs().compare(VectorOperators.GE, tiny));
                rb = zero.blend(rb, rb.abs().compare(VectorOperators.GE, tiny));
                r0 = zero.blend(r0, r0.abs().compare(VectorOperators.GE, tiny));
            }
            for (int t = 0; t < tz; t++) {
                ra = ra.mul(ra);
                rb = rb.mul(rb);
                r0 = r0.mul(r0);
            }
            FloatVector ba = ra;
            FloatVector bb = rb;
            FloatVector b0 = r0;
            for (int e = rest; e != 0; e >>>= 1) {
                ba = ba.mul(ba);
                bb = bb.mul(bb);
                b0 = b0.mul(b0);
                if ((e & 1) != 0) {
                    ra = ra.mul(ba);
                    rb = rb.mul(bb);
                    r0 = r0.mul(b0);
                }
            }
            if (rectify) {
                ra = (leak == 0f ? zero : xa.mul(leak)).blend(ra, xa.compare(VectorOperators.GT, 0f));
                rb = (leak == 0f ? zero : xb.mul(leak)).blend(rb, xb.compare(VectorOperators.GT, 0f));
                r0 = (leak == 0f ? zero : x0.mul(leak)).blend(r0, x0.compare(VectorOperators.GT, 0f));
            }
            ra.sub(rb).mul(0.5f).intoArray(weights, mu);
            acc = acc.add(r0.sub(ra.add(rb).mul(0.5f)));
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            float h = overlaps[mu];
            float a = f(f, c * (h + 2f), shift);
            float b = f(f, c * (h - 2f), shift);
            weights[mu] = 0.5f * (a - b);
            sum += f(f, c * h, shift) - 0.5f * (a + b);
        }
        return sum;
    }

    /** Degree from which {@link #damBipolarWeights} takes powers below {@link #FLUSH_BELOW} as 0. */
    private static final int FLUSH_MIN_DEGREE = 6;
    /** 16 · Float.MIN_NORMAL: powers below it are 0 (so the products, halves and differences stay normal). */
    private static final float FLUSH_BELOW = 16 * Float.MIN_NORMAL;


    /** {@link #damBipolarWeights} for the exponential. */
    private static float bipolarWeightsExp(Interaction f, float c, float shift, float[] overlaps, int k,
                                           float[] weights) {
        int bound = F.loopBound(k);
        FloatVector acc = FloatVector.zero(F);
        int mu = 0;
        for (; mu + FL < bound; mu += 2 * FL) {
            {
                FloatVector h = FloatVector.fromArray(F, overlaps, mu);
                FloatVector a = h.add(2f).mul(c).sub(shift).lanewise(VectorOperators.EXP);
                FloatVector b = h.sub(2f).mul(c).sub(shift).lanewise(VectorOperators.EXP);
                a.sub(b).mul(0.5f).intoArray(weights, mu);
                acc = acc.add(h.mul(c).sub(shift).lanewise(VectorOperators.EXP).sub(a.add(b).mul(0.5f)));
            }
            {
                FloatVector h = FloatVector.fromArray(F, overlaps, mu + FL);
                FloatVector a = h.add(2f).mul(c).sub(shift).lanewise(VectorOperators.EXP);
                FloatVector b = h.sub(2f).mul(c).sub(shift).lanewise(VectorOperators.EXP);
                a.sub(b).mul(0.5f).intoArray(weights, mu + FL);
                acc = acc.add(h.mul(c).sub(shift).lanewise(VectorOperators.EXP).sub(a.add(b).mul(0.5f)));
            }
        }
        for (; mu < bound; mu += FL) {
            {
                FloatVector h = FloatVector.fromArray(F, overlaps, mu);
                FloatVector a = h.add(2f).mul(c).sub(shift).lanewise(VectorOperators.EXP);
                FloatVector b = h.sub(2f).mul(c).sub(shift).lanewise(VectorOperators.EXP);
                a.sub(b).mul(0.5f).intoArray(weights, mu);
                acc = acc.add(h.mul(c).sub(shift).lanewise(VectorOperators.EXP).sub(a.add(b).mul(0.5f)));
            }
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            float h = overlaps[mu];
            float a = f(f, c * (h + 2f), shift);
            float b = f(f, c * (h - 2f), shift);
            weights[mu] = 0.5f * (a - b);
            sum += f(f, c * h, shift) - 0.5f * (a + b);
        }
        return sum;
    }

    @Override
    public float damField(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                          float s) {
        if (k < 2 * FL) {
            return super.damField(f, c, shift, overlaps, k, column, colOff, s);
        }
        return fieldFloat(f, c, shift, overlaps, k, column, colOff, s);
    }

    @Override
    public float damFieldBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] columnBits,
                              int colOff, float s) {
        if (k < 2 * FL) {
            return super.damFieldBits(f, c, shift, overlaps, k, columnBits, colOff, s);
        }
        return fieldBits(f, c, shift, overlaps, k, columnBits, colOff, s);
    }

    @Override
    public void damFields(Interaction f, float c, float shift, float[] overlaps, int k, float[] memT, long[] state,
                          int from, int to, float[] out, int outOff) {
        if (k < 2 * FL) {
            super.damFields(f, c, shift, overlaps, k, memT, state, from, to, out, outOff);
            return;
        }
        for (int i = from; i < to; i++) {
            float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
            out[outOff + i - from] = fieldFloat(f, c, shift, overlaps, k, memT, i * k, s);
        }
    }

    @Override
    public void damFieldsBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] memTBits, int kWords,
                              long[] state, int from, int to, float[] out, int outOff) {
        if (k < 2 * FL) {
            super.damFieldsBits(f, c, shift, overlaps, k, memTBits, kWords, state, from, to, out, outOff);
            return;
        }
        for (int i = from; i < to; i++) {
            float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
            out[outOff + i - from] = fieldBits(f, c, shift, overlaps, k, memTBits, i * kWords, s);
        }
    }

    @Override
    public void damDerivatives(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                               float s, float[] dPlus, float[] dMinus) {
        if (k < 2 * FL) {
            super.damDerivatives(f, c, shift, overlaps, k, column, colOff, s, dPlus, dMinus);
            return;
        }
        int mu = 0;
        int bound = F.loopBound(k);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound; mu += FL) {
                FloatVector x = FloatVector.fromArray(F, column, colOff + mu);
                FloatVector base = FloatVector.fromArray(F, overlaps, mu).sub(x.mul(s));
                base.add(x).mul(c).sub(shift).lanewise(VectorOperators.EXP).intoArray(dPlus, mu);
                base.sub(x).mul(c).sub(shift).lanewise(VectorOperators.EXP).intoArray(dMinus, mu);
            }
        } else {
            // F'(a) = n·a^(n−1), and below zero 0 (rectified) or the leak (leaky)
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            FloatVector below = FloatVector.broadcast(F, f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f);
            float fn = n;
            for (; mu < bound; mu += FL) {
                FloatVector x = FloatVector.fromArray(F, column, colOff + mu);
                FloatVector base = FloatVector.fromArray(F, overlaps, mu).sub(x.mul(s));
                FloatVector a = base.add(x).mul(c);
                FloatVector b = base.sub(x).mul(c);
                FloatVector da = pow(a, n - 1).mul(fn);
                FloatVector db = pow(b, n - 1).mul(fn);
                if (rectify) {
                    da = below.blend(da, a.compare(VectorOperators.GT, 0f));
                    db = below.blend(db, b.compare(VectorOperators.GT, 0f));
                }
                da.intoArray(dPlus, mu);
                db.intoArray(dMinus, mu);
            }
        }
        for (; mu < k; mu++) {
            float x = column[colOff + mu];
            float base = overlaps[mu] - s * x;
            dPlus[mu] = df(f, c * (base + x), shift);
            dMinus[mu] = df(f, c * (base - x), shift);
        }
    }

    @Override
    public double damEnergy(Interaction f, float c, float shift, float[] overlaps, int k) {
        if (k < 2 * FL) {
            return super.damEnergy(f, c, shift, overlaps, k);
        }
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int mu = 0;
        int bound2 = k - k % (2 * FL);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound2; mu += 2 * FL) {
                acc0 = acc0.add(FloatVector.fromArray(F, overlaps, mu).mul(c).sub(shift).lanewise(VectorOperators.EXP));
                acc1 = acc1.add(FloatVector.fromArray(F, overlaps, mu + FL).mul(c).sub(shift).lanewise(VectorOperators.EXP));
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; mu < bound2; mu += 2 * FL) {
                acc0 = acc0.add(polyF(FloatVector.fromArray(F, overlaps, mu).mul(c), n, rectify, leak));
                acc1 = acc1.add(polyF(FloatVector.fromArray(F, overlaps, mu + FL).mul(c), n, rectify, leak));
            }
        }
        double e = -sumLanes(acc0.add(acc1));
        for (; mu < k; mu++) {
            e -= f(f, c * overlaps[mu], shift);
        }
        return e;
    }

    /** The polynomial family's F: a^n, and (when {@code rectify}) {@code leak·a} (0 for leak 0) where a ≤ 0. */
    private static FloatVector polyF(FloatVector a, int n, boolean rectify, float leak) {
        FloatVector p = pow(a, n);
        if (rectify) {
            FloatVector lo = leak == 0f ? FloatVector.zero(F) : a.mul(leak);
            p = lo.blend(p, a.compare(VectorOperators.GT, 0f));
        }
        return p;
    }

    // ---------------------------------------------------------------- modern Hopfield update

    /** Most rows per block of {@link #softmaxCombine}. */
    private static final int COMBINE_BLOCK = 128;
    /** Per-thread block scores for {@link #softmaxCombine} (no allocation after the first call on a thread). */
    private static final ThreadLocal<float[]> COMBINE_SCRATCH = ThreadLocal.withInitial(() -> new float[COMBINE_BLOCK]);

    /**
     * One pass in blocks of B rows (B·n ≤ 4096 floats or B = 8, so a block stays in L1 between its two uses): the
     * block's scores four rows at a time (one load of {@code x} per four rows), their maximum, one rescale of the accumulator when the running maximum
     * rises (rare after the first blocks), the block's weights with the vector {@code EXP}, then the weighted
     * rows added four at a time with one load and store of the accumulator.
     */
    @Override
    public float softmaxCombine(float beta, float[] mem, int memOff, int k, int n, float[] x, int xOff, float[] out,
                                int outOff) {
        if (n < 2 * FL || k < 4) {
            return super.softmaxCombine(beta, mem, memOff, k, n, x, xOff, out, outOff);
        }
        float[] sc = COMBINE_SCRATCH.get();
        int block = Math.max(8, Math.min(COMBINE_BLOCK, 4096 / n));
        java.util.Arrays.fill(out, outOff, outOff + n, 0f);
        int vb = F.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int r0 = 0; r0 < k; r0 += block) {
            int rows = Math.min(block, k - r0);
            int base = memOff + r0 * n;
            blockScores(mem, base, rows, n, x, xOff, sc);
            int rb = F.loopBound(rows);
            FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            int j = 0;
            for (; j < rb; j += FL) {
                FloatVector v = FloatVector.fromArray(F, sc, j).mul(beta);
                v.intoArray(sc, j);
                mv = mv.max(v);
            }
            float bm = mv.reduceLanes(VectorOperators.MAX);
            for (; j < rows; j++) {
                sc[j] *= beta;
                bm = Math.max(bm, sc[j]);
            }
            if (bm > max) {
                if (sum > 0f) {
                    float f = (float) Math.exp(max - bm);
                    scale(f, out, outOff, n);
                    sum *= f;
                }
                max = bm;
            }
            FloatVector sv = FloatVector.zero(F);
            j = 0;
            for (; j < rb; j += FL) {
                FloatVector e = FloatVector.fromArray(F, sc, j).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(sc, j);
                sv = sv.add(e);
            }
            sum += sumLanes(sv);
            for (; j < rows; j++) {
                sc[j] = (float) Math.exp(sc[j] - max);
                sum += sc[j];
            }
            int q = 0;
            for (; q + 3 < rows; q += 4) {
                int b0 = base + q * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                float w0 = sc[q];
                float w1 = sc[q + 1];
                float w2 = sc[q + 2];
                float w3 = sc[q + 3];
                FloatVector v0 = FloatVector.broadcast(F, w0);
                FloatVector v1 = FloatVector.broadcast(F, w1);
                FloatVector v2 = FloatVector.broadcast(F, w2);
                FloatVector v3 = FloatVector.broadcast(F, w3);
                int i = 0;
                for (; i < vb; i += FL) {
                    FloatVector acc = FloatVector.fromArray(F, out, outOff + i);
                    acc = FloatVector.fromArray(F, mem, b0 + i).fma(v0, acc);
                    acc = FloatVector.fromArray(F, mem, b1 + i).fma(v1, acc);
                    acc = FloatVector.fromArray(F, mem, b2 + i).fma(v2, acc);
                    acc = FloatVector.fromArray(F, mem, b3 + i).fma(v3, acc);
                    acc.intoArray(out, outOff + i);
                }
                for (; i < n; i++) {
                    out[outOff + i] += w0 * mem[b0 + i] + w1 * mem[b1 + i] + w2 * mem[b2 + i] + w3 * mem[b3 + i];
                }
            }
            for (; q < rows; q++) {
                axpy(sc[q], mem, base + q * n, out, outOff, n);
            }
        }
        scale(1f / sum, out, outOff, n);
        return max + (float) Math.log(sum);
    }

    /** {@code sc[j] = mem_j·x} for {@code rows} rows from {@code base}, four rows sharing each load of x. */
    private static void blockScores(float[] mem, int base, int rows, int n, float[] x, int xOff, float[] sc) {
        int vb = F.loopBound(n);
        int q = 0;
        for (; q + 3 < rows; q += 4) {
            int b0 = base + q * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            int i = 0;
            for (; i < vb; i += FL) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + i);
                a0 = FloatVector.fromArray(F, mem, b0 + i).fma(xv, a0);
                a1 = FloatVector.fromArray(F, mem, b1 + i).fma(xv, a1);
                a2 = FloatVector.fromArray(F, mem, b2 + i).fma(xv, a2);
                a3 = FloatVector.fromArray(F, mem, b3 + i).fma(xv, a3);
            }
            float d0 = sumLanes(a0);
            float d1 = sumLanes(a1);
            float d2 = sumLanes(a2);
            float d3 = sumLanes(a3);
            for (; i < n; i++) {
                float xi = x[xOff + i];
                d0 += mem[b0 + i] * xi;
                d1 += mem[b1 + i] * xi;
                d2 += mem[b2 + i] * xi;
                d3 += mem[b3 + i] * xi;
            }
            sc[q] = d0;
            sc[q + 1] = d1;
            sc[q + 2] = d2;
            sc[q + 3] = d3;
        }
        for (; q < rows; q++) {
            sc[q] = dotVec(mem, base + q * n, x, xOff, n);
        }
    }

    // ---------------------------------------------------------------- modern Hopfield update, packed ±1 rows
    // softmaxCombineBits is the inherited table algorithm (its lookups and histogram adds are scalar by nature:
    // a gather is slow on AVX2 parts); the three dense steps around them are vectorised here.

    /**
     * The doubling steps of the bit tables with {@code h ≥ FL} as vector adds: the same additions, so the same
     * bits as the scalar loop.
     */
    @Override
    protected void doubleTable(float[] t, int base, int h, float d) {
        if (h < FL) {
            super.doubleTable(t, base, h, d);
            return;
        }
        for (int v = 0; v < h; v += FL) {
            FloatVector.fromArray(F, t, base + v).add(d).intoArray(t, base + h + v);
        }
    }

    @Override
    protected float expShiftSum(float[] sc, int off, int len, float max) {
        int bound = F.loopBound(len);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += FL) {
            FloatVector e = FloatVector.fromArray(F, sc, off + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(sc, off + i);
            acc = acc.add(e);
        }
        float sum = sumLanes(acc);
        for (; i < len; i++) {
            float e = (float) Math.exp(sc[off + i] - max);
            sc[off + i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * Whether the packed-row update accumulates {@code Σ_q w_q ξ_q} directly in 8-lane vectors instead of the
     * byte histogram: with 8-lane floats each byte of a row is one vector of ±1 ({@link #BIPOLAR_TABLE}), so a
     * row costs one table load and one FMA per 8 neurons, with the accumulators of 64 neurons kept in registers
     * over all the block's rows, where the scalar histogram costs one dependent load-add-store per byte (about
     * 1.2 ns on Zen 1). The accumulators live in the histogram's place ({@code h[hOff + c]}, c < 8·nb), so
     * the caller's zeroing and rescaling apply to them unchanged; {@link #foldBitHistogram} then only scales.
     */
    private static final boolean DIRECT_BIT_SUMS = FL == 8;

    @Override
    protected void bitScatter(long[] mem, int base, int rows, int words, int nb, float[] w, int wOff, float[] h,
                              int hOff) {
        if (!DIRECT_BIT_SUMS) {
            super.bitScatter(mem, base, rows, words, nb, w, wOff, h, hOff);
            return;
        }
        for (int word = 0; word < words; word++) {
            int chunks = Math.min(8, nb - (word << 3));
            if (chunks == 8) {
                directSums8(mem, base + word, rows, words, w, wOff, h, hOff + (word << 6));
            } else {
                for (int q = 0; q < rows; q++) {
                    long b = mem[base + word + q * words];
                    FloatVector wq = FloatVector.broadcast(F, w[wOff + q]);
                    for (int j = 0; j < chunks; j++) {
                        int o = hOff + (word << 6) + (j << 3);
                        FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> (j << 3)) & 255) << 3)
                                .fma(wq, FloatVector.fromArray(F, h, o)).intoArray(h, o);
                    }
                }
            }
        }
    }

    /** 64 neurons (one word of every row) in eight register accumulators over all rows. */
    private static void directSums8(long[] mem, int first, int rows, int words, float[] w, int wOff, float[] h,
                                    int o) {
        FloatVector a0 = FloatVector.fromArray(F, h, o);
        FloatVector a1 = FloatVector.fromArray(F, h, o + 8);
        FloatVector a2 = FloatVector.fromArray(F, h, o + 16);
        FloatVector a3 = FloatVector.fromArray(F, h, o + 24);
        FloatVector a4 = FloatVector.fromArray(F, h, o + 32);
        FloatVector a5 = FloatVector.fromArray(F, h, o + 40);
        FloatVector a6 = FloatVector.fromArray(F, h, o + 48);
        FloatVector a7 = FloatVector.fromArray(F, h, o + 56);
        for (int q = 0; q < rows; q++) {
            long b = mem[first + q * words];
            FloatVector wq = FloatVector.broadcast(F, w[wOff + q]);
            a0 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) (b & 255) << 3).fma(wq, a0);
            a1 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 8) & 255) << 3).fma(wq, a1);
            a2 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 16) & 255) << 3).fma(wq, a2);
            a3 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 24) & 255) << 3).fma(wq, a3);
            a4 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 32) & 255) << 3).fma(wq, a4);
            a5 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 40) & 255) << 3).fma(wq, a5);
            a6 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 48) & 255) << 3).fma(wq, a6);
            a7 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) (b >>> 56) << 3).fma(wq, a7);
        }
        a0.intoArray(h, o);
        a1.intoArray(h, o + 8);
        a2.intoArray(h, o + 16);
        a3.intoArray(h, o + 24);
        a4.intoArray(h, o + 32);
        a5.intoArray(h, o + 40);
        a6.intoArray(h, o + 48);
        a7.intoArray(h, o + 56);
    }

    /** The halving levels with {@code 2^j ≥ FL} as vector subtract, add and one lane sum. */
    @Override
    protected void foldBitHistogram(float[] h, int hOff, int n, float a, float[] out, int outOff) {
        if (DIRECT_BIT_SUMS) {
            for (int c = 0; c < n; c++) {
                out[outOff + c] = h[hOff + c] * a;
            }
            return;
        }
        int nb = (n + 7) >>> 3;
        for (int b = 0; b < nb; b++) {
            int base = hOff + (b << 8);
            int cnt = Math.min(8, n - (b << 3));
            int o = outOff + (b << 3);
            for (int j = 7; j >= 0; j--) {
                int half = 1 << j;
                float d;
                if (half >= FL) {
                    d = foldLevel(h, base, half);
                } else {
                    d = 0f;
                    for (int v = 0; v < half; v++) {
                        float hi = h[base + half + v];
                        float lo = h[base + v];
                        d += hi - lo;
                        h[base + v] = lo + hi;
                    }
                }
                if (j < cnt) {
                    out[o + j] = d * a;
                }
            }
        }
    }

    /** {@code Σ_{v<half} (h[v+half] − h[v])}, and {@code h[v] += h[v+half]} (half a multiple of FL). */
    private static float foldLevel(float[] h, int base, int half) {
        FloatVector acc = FloatVector.zero(F);
        for (int v = 0; v < half; v += FL) {
            FloatVector hi = FloatVector.fromArray(F, h, base + half + v);
            FloatVector lo = FloatVector.fromArray(F, h, base + v);
            acc = acc.add(hi.sub(lo));
            lo.add(hi).intoArray(h, base + v);
        }
        return sumLanes(acc);
    }

    // ---------------------------------------------------------------- softmax, sign

    /** max_i beta·x_i. */
    private static float maxScaled(float beta, float[] x, int xOff, int len) {
        FloatVector mx0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector mx1 = mx0;
        int i = 0;
        int bound2 = len - len % (2 * FL);
        for (; i < bound2; i += 2 * FL) {
            mx0 = mx0.max(FloatVector.fromArray(F, x, xOff + i).mul(beta));
            mx1 = mx1.max(FloatVector.fromArray(F, x, xOff + i + FL).mul(beta));
        }
        float max = mx0.max(mx1).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            max = Math.max(max, beta * x[xOff + i]);
        }
        return max;
    }

    @Override
    public float softmax(float beta, float[] x, int xOff, float[] out, int outOff, int len) {
        if (len < 2 * FL) {
            return super.softmax(beta, x, xOff, out, outOff, len);
        }
        float max = maxScaled(beta, x, xOff, len);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        int bound2 = len - len % (2 * FL);
        for (; i < bound2; i += 2 * FL) {
            FloatVector e0 = FloatVector.fromArray(F, x, xOff + i).mul(beta).sub(max).lanewise(VectorOperators.EXP);
            FloatVector e1 = FloatVector.fromArray(F, x, xOff + i + FL).mul(beta).sub(max).lanewise(VectorOperators.EXP);
            e0.intoArray(out, outOff + i);
            e1.intoArray(out, outOff + i + FL);
            acc0 = acc0.add(e0);
            acc1 = acc1.add(e1);
        }
        float sum = sumLanes(acc0.add(acc1));
        for (; i < len; i++) {
            float e = (float) Math.exp(beta * x[xOff + i] - max);
            out[outOff + i] = e;
            sum += e;
        }
        scale(1f / sum, out, outOff, len);
        return max + (float) Math.log(sum);
    }

    @Override
    public float logSumExp(float beta, float[] x, int xOff, int len) {
        if (len < 2 * FL) {
            return super.logSumExp(beta, x, xOff, len);
        }
        float max = maxScaled(beta, x, xOff, len);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        int bound2 = len - len % (2 * FL);
        for (; i < bound2; i += 2 * FL) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, xOff + i).mul(beta).sub(max).lanewise(VectorOperators.EXP));
            acc1 = acc1.add(FloatVector.fromArray(F, x, xOff + i + FL).mul(beta).sub(max).lanewise(VectorOperators.EXP));
        }
        float sum = sumLanes(acc0.add(acc1));
        for (; i < len; i++) {
            sum += (float) Math.exp(beta * x[xOff + i] - max);
        }
        return max + (float) Math.log(sum);
    }

    @Override
    public void signToBits(float[] x, int xOff, int n, long[] out, int outOff) {
        if (n < 64) {
            super.signToBits(x, xOff, n, out, outOff);
            return;
        }
        int full = n >>> 6;
        for (int w = 0; w < full; w++) {
            long bits = 0L;
            int base = xOff + (w << 6);
            for (int j = 0; j < 64; j += FL) {
                bits |= FloatVector.fromArray(F, x, base + j).compare(VectorOperators.GT, 0f).toLong() << j;
            }
            out[outOff + w] = bits;
        }
        int rest = n - (full << 6);
        if (rest > 0) {
            long bits = 0L;
            int base = xOff + (full << 6);
            for (int b = 0; b < rest; b++) {
                if (x[base + b] > 0f) {
                    bits |= 1L << b;
                }
            }
            out[outOff + full] = bits;
        }
    }
}
