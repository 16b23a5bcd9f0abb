package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static dev.engram.core.kernel.panama.PanamaSupport.FL_MASK;
import static dev.engram.core.kernel.panama.PanamaSupport.I;
import static dev.engram.core.kernel.panama.PanamaSupport.L;
import static dev.engram.core.kernel.panama.PanamaSupport.LL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The packed-bipolar kernels of {@link PanamaKernels}: overlaps by XOR and lanewise popcount, float signs packed
 * into bits, and the ±1 lanes of packed bits ({@link #flipWhereClear}, {@link #bipolar}) with their lookup
 * tables, which the linear-algebra, DAM and softmax kernels share. A method named after a {@code Kernels}
 * operation is its vector path: {@link PanamaKernels} sends inputs too short for it to the scalar reference.
 */
final class PanamaBits {
    private PanamaBits() {
    }

    // ---------------------------------------------------------------- packed bipolar

    /** Hamming distance of two packed vectors (XOR + lanewise popcount, one reduction). */
    static int hamming(long[] a, int aOff, long[] b, int bOff, int words) {
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

    /**
     * Fewest words per pattern for the XOR + lanewise {@code BIT_COUNT} path. With 512-bit vectors (AVX-512, taken
     * to have {@code VPOPCNTQ}) one vector of words. Narrower vectors have no vector popcount instruction (AVX2: C2
     * emulates it with byte lookups), and there the scalar {@code Long.bitCount} loop was faster below 16 words:
     * on Zen 1, overlaps at k = 1000 took 13.5 µs (vector) against 8.0 µs (scalar) at 4 words (n = 207) and
     * 50.7 against 17.6 µs at 13 words (n = 784, a masked tail), but 17.5 against 19.3–20.8 µs at 16 words
     * (n = 1024) and 53.2 against 66.4 µs at 64 words (n = 4096).
     */
    static int minVectorWords() {
        return FL >= 16 ? LL : 16;
    }

    /** Overlaps with k patterns of at least {@link #minVectorWords} words: one {@link #hamming} each. */
    static void overlaps(long[] probe, int probeOff, long[] memories, int memOff, int k, int words, int n,
                         int[] out, int outOff) {
        for (int mu = 0; mu < k; mu++) {
            out[outOff + mu] = n - 2 * hamming(probe, probeOff, memories, memOff + mu * words, words);
        }
    }

    /** One-word patterns (n ≤ 64): {@code LL} memories per vector, no reduction at all. */
    static void overlapsOneWord(long p, long[] memories, int memOff, int k, int n, int[] out, int outOff) {
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

    /**
     * The masked distances of a ternary probe ({@code ScalarKernels.ternaryDistances}): per row XOR with the signs,
     * AND with the mask and lanewise popcount over whole vectors of words (a masked last vector), one reduction per
     * row. Exact integers, so the same values as the scalar loop.
     */
    static long ternaryDistances(long[] mem, int base, int rows, int words, long[] p, float[] sc, int scOff) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        int full = words - words % LL;
        for (int q = 0; q < rows; q++) {
            int row = base + q * words;
            LongVector acc = LongVector.zero(L);
            int w = 0;
            for (; w < full; w += LL) {
                acc = acc.add(LongVector.fromArray(L, mem, row + w).lanewise(VectorOperators.XOR,
                        LongVector.fromArray(L, p, w)).and(LongVector.fromArray(L, p, words + w))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            int d = (int) acc.reduceLanes(VectorOperators.ADD);
            for (; w < words; w++) {
                d += Long.bitCount((mem[row + w] ^ p[w]) & p[words + w]);
            }
            sc[scOff + q] = d;
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        return ((long) lo << 32) | hi;
    }

    // ---------------------------------------------------------------- sign

    /** The signs of n ≥ 64 floats: one vector compare per {@code FL} floats of a full word, the last word scalar. */
    static void signToBits(float[] x, int xOff, int n, long[] out, int outOff) {
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

    // ---------------------------------------------------------------- ±1 lanes of packed bits

    /** Lane j holds 31 − j: shifting a broadcast bit pattern left by it moves bit j to the sign bit of lane j. */
    static final int[] SIGN_SHIFTS = new int[I.length()];

    static {
        for (int j = 0; j < SIGN_SHIFTS.length; j++) {
            SIGN_SHIFTS[j] = 31 - j;
        }
    }

    /**
     * v with the sign of lane j flipped where bit j of {@code bits} is clear (packed ±1 times v): the bits go
     * to the lanes' sign positions by a variable shift and are XORed in; no mask registers involved.
     */
    static FloatVector flipWhereClear(FloatVector v, long bits, IntVector shifts) {
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
    static final boolean SIGN_TABLE_LANES = FL <= 8;
    /** Entry b (FL ints at {@code b * FL}): lane j = {@code 0x80000000} where bit j of b is clear, else 0. */
    static final int[] SIGN_TABLE = new int[SIGN_TABLE_LANES ? (1 << FL) * FL : 0];

    static {
        if (SIGN_TABLE_LANES) {
            for (int b = 0; b < 1 << FL; b++) {
                for (int j = 0; j < FL; j++) {
                    SIGN_TABLE[b * FL + j] = ((b >>> j) & 1) != 0 ? 0 : Integer.MIN_VALUE;
                }
            }
        }
    }

    /**
     * ±1 lanes from {@code FL} packed bits (bit set = +1). (Here a mask and a blend: the sign-flip form of
     * {@link #flipWhereClear} made C2 box the vectors of this loop, 35 KB allocated per call.)
     */
    static FloatVector bipolar(long bits) {
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
    static final float[] BIPOLAR_TABLE = new float[SIGN_TABLE_LANES ? (1 << FL) * FL : 0];

    static {
        for (int b = 0; b < (SIGN_TABLE_LANES ? 1 << FL : 0); b++) {
            for (int j = 0; j < FL; j++) {
                BIPOLAR_TABLE[b * FL + j] = ((b >>> j) & 1) != 0 ? 1f : -1f;
            }
        }
    }

    /** Whether {@code VectorMask.fromLong} is the fast path (AVX-512 mask registers: 16-lane floats). */
    static final boolean MASK_FROM_LONG = FL >= 16 || I.length() != FL;
    /** Lane j holds 1 << j. */
    static final IntVector LANE_BITS = IntVector.fromArray(I, laneBits(), 0);
    static final FloatVector MINUS_ONES = FloatVector.broadcast(F, -1f);

    private static int[] laneBits() {
        int[] b = new int[I.length()];
        for (int j = 0; j < b.length && j < 32; j++) {
            b[j] = 1 << j;
        }
        return b;
    }
}
