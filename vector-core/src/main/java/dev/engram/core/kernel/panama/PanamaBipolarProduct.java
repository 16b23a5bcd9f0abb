package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;

import jdk.incubator.vector.FloatVector;

/**
 * The packed ±1 × float product of {@link PanamaKernels#bipolarProduct}, {@code C = S·B}, without multiplications:
 * for a block of {@value #NV} vectors of columns and a chunk of nibbles (four rows of {@code B} each), the sixteen
 * signed sums of each nibble's rows are built once into a table that stays in L1, and every row of {@code C} then
 * adds one table entry per nibble, chosen by its four bits, to {@code NV} accumulators. The table entries and the
 * sums are the element-wise operations of the scalar reference in its order, so the bits are the same as the
 * scalar kernel's. Columns that do not fill a vector go to the scalar reference.
 */
final class PanamaBipolarProduct {
    /** Float vectors of C per column block (the accumulators of one row). */
    static final int NV = 4;
    /** Columns per block. */
    static final int WB = NV * FL;
    /**
     * Nibbles per chunk of the untransposed product of {@link PanamaKernels#bipolarProduct}: eight (at most
     * {@link #MAX_CHUNK}, the nibbles of one word, so that a row's nibbles of a chunk come from one load); a table
     * of {@code CHUNK × 16 × WB} floats (16 KB with 8-lane vectors, 32 KB with 16). On Zen 1 (AVX2) 4 or 8 vectors a block and 8 or 16 nibbles a chunk measured within
     * the run-to-run spread (0.8–1.1 ms for each product of a batch), so the smaller table stays.
     */
    static final int CHUNK = 8;

    /**
     * Nibbles per chunk of the modern batch step's products ({@link PanamaBatch#softmaxCombineBits}: the weighted
     * sums over K memories, and a noisy chunk's scores over N components): 16, half as many loads and stores of each
     * row's accumulators per nibble as 8, for a 64 KB table on AVX-512. On the Zen 4, P = 256, one thread, 8 → 16
     * alone: ternary cues 889/902 → 862/870 µs (N = 128, K = 1000), 9161/9100 → 7749/7131 µs (N = 128, K = 10⁴),
     * 48.3/47.7 → 43.6/44.3 ms (N = 1024, K = 10⁴); noisy cues 1569/1576 → 1457/1434 µs (N = 128, K = 1000),
     * 10.9/10.6 → 9.1/9.7 ms (N = 1024, K = 1000). {@link PanamaKernels#bipolarProduct} takes it for the
     * transposed product ({@code training=batched-bits}' gradient, {@code GemmBench.gradientBits}, 794 × 128 by
     * 128 × 256: 483/473 → 440/413 µs) and {@link #CHUNK} for the other ({@code overlapsBits}, 128 × 794 by
     * 794 × 256: 327–330 → 402–407 µs with 16).
     */
    static final int STEP_CHUNK = 16;

    /** The largest chunk: the nibbles of one word. */
    static final int MAX_CHUNK = 16;

    /** Rows of C per block: the tile is at most {@code ROWS × WB} floats (256 KB with 16-lane vectors). */
    static final int ROWS = 1024;

    private static final ThreadLocal<float[]> TABLE = ThreadLocal.withInitial(() -> new float[MAX_CHUNK * 16 * WB]);
    /**
     * The block of C being summed, its rows contiguous ({@code WB} floats each; C's own rows can be 1 KB apart,
     * which maps them to a few cache sets), then copied out, or transposed out with {@code transC}.
     */
    private static final ThreadLocal<float[][]> TILE = ThreadLocal.withInitial(() -> new float[1][0]);

    private PanamaBipolarProduct() {
    }

    /**
     * The columns {@code [0, n − n % FL)} of the product, {@code chunk} nibbles a table (a divisor of
     * {@link #MAX_CHUNK}: {@link #CHUNK} or {@link #STEP_CHUNK}; the same bits for any chunk); returns how many
     * columns it did.
     */
    static int product(boolean transC, int chunk, int m, int n, int k, long[] bits, int bitsOff, int words,
                       float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        // rows in blocks of at most ROWS, so that the tile stays small for any m (the elements do not depend on it)
        for (int r0 = 0; r0 < m; r0 += ROWS) {
            rowBlock(transC, Math.min(ROWS, m - r0), n, k, bits, bitsOff + r0 * words, words, b, bOff, ldb, c,
                    cOff + (transC ? r0 : r0 * ldc), ldc, chunk);
        }
        return n - n % FL;
    }

    /** {@link #product} for {@code m ≤ ROWS} rows, {@code chunk} nibbles a table. */
    private static void rowBlock(boolean transC, int m, int n, int k, long[] bits, int bitsOff, int words, float[] b,
                                 int bOff, int ldb, float[] c, int cOff, int ldc, int chunk) {
        float[] table = TABLE.get();
        float[][] holder = TILE.get();
        if (holder[0].length < m * WB) {
            holder[0] = new float[m * WB];
        }
        float[] tile = holder[0];
        int nibbles = (k + 3) >>> 2;
        int full = n - n % FL;
        for (int j0 = 0; j0 < full; j0 += WB) {
            int nv = Math.min(NV, (full - j0) / FL);
            for (int q0 = 0; q0 < nibbles; q0 += chunk) {
                int q1 = Math.min(nibbles, q0 + chunk);
                for (int v = 0; v < nv; v++) {
                    build(k, q0, q1, b, bOff + j0 + v * FL, ldb, table, v * FL);
                }
                boolean first = q0 == 0;
                if (nv == NV) {
                    rows4(m, k, q0, q1, first, bits, bitsOff, words, table, tile, 0, WB);
                } else {
                    for (int v = 0; v < nv; v++) {
                        rows1(m, k, q0, q1, first, bits, bitsOff, words, table, v * FL, tile, v * FL, WB);
                    }
                }
            }
            if (transC) {
                // column by column of the block: contiguous writes along a row of the transpose
                for (int j = 0; j < nv * FL; j++) {
                    int o = cOff + (j0 + j) * ldc;
                    for (int r = 0; r < m; r++) {
                        c[o + r] = tile[r * WB + j];
                    }
                }
            } else {
                for (int r = 0; r < m; r++) {
                    for (int v = 0; v < nv; v++) {
                        FloatVector.fromArray(F, tile, r * WB + v * FL).intoArray(c, cOff + r * ldc + j0 + v * FL);
                    }
                }
            }
        }
    }

    /**
     * The tables of nibbles {@code q0..q1−1} for one vector of columns at {@code b[col..]}: entry v of nibble q at
     * {@code table[((q − q0)·16 + v)·WB + lane]}, {@code T(0) = −(((b0 + b1) + b2) + b3)}, {@code T(v) = T(v & (v − 1)) + 2·b_lowest}.
     */
    private static void build(int k, int q0, int q1, float[] b, int col, int ldb, float[] table, int lane) {
        FloatVector zero = FloatVector.zero(F);
        for (int q = q0; q < q1; q++) {
            int p = 4 * q;
            FloatVector b0 = FloatVector.fromArray(F, b, col + p * ldb);
            FloatVector b1 = p + 1 < k ? FloatVector.fromArray(F, b, col + (p + 1) * ldb) : zero;
            FloatVector b2 = p + 2 < k ? FloatVector.fromArray(F, b, col + (p + 2) * ldb) : zero;
            FloatVector b3 = p + 3 < k ? FloatVector.fromArray(F, b, col + (p + 3) * ldb) : zero;
            int t = (q - q0) * 16 * WB + lane;
            FloatVector t0 = b0.add(b1).add(b2).add(b3).neg();
            FloatVector d0 = b0.add(b0);
            FloatVector d1 = b1.add(b1);
            FloatVector d2 = b2.add(b2);
            FloatVector d3 = b3.add(b3);
            FloatVector t2 = t0.add(d1);
            FloatVector t4 = t0.add(d2);
            FloatVector t6 = t4.add(d1);
            FloatVector t8 = t0.add(d3);
            FloatVector t10 = t8.add(d1);
            FloatVector t12 = t8.add(d2);
            FloatVector t14 = t12.add(d1);
            t0.intoArray(table, t);
            t0.add(d0).intoArray(table, t + WB);
            t2.intoArray(table, t + 2 * WB);
            t2.add(d0).intoArray(table, t + 3 * WB);
            t4.intoArray(table, t + 4 * WB);
            t4.add(d0).intoArray(table, t + 5 * WB);
            t6.intoArray(table, t + 6 * WB);
            t6.add(d0).intoArray(table, t + 7 * WB);
            t8.intoArray(table, t + 8 * WB);
            t8.add(d0).intoArray(table, t + 9 * WB);
            t10.intoArray(table, t + 10 * WB);
            t10.add(d0).intoArray(table, t + 11 * WB);
            t12.intoArray(table, t + 12 * WB);
            t12.add(d0).intoArray(table, t + 13 * WB);
            t14.intoArray(table, t + 14 * WB);
            t14.add(d0).intoArray(table, t + 15 * WB);
        }
    }

    /**
     * The bits of nibbles {@code q0..q0+chunk−1} of a packed row, shifted down to bit 0 (nibble q at bits
     * 4(q − q0)), those at or past {@code k} cleared. A chunk starts at a multiple of its length in nibbles, which
     * divides 16, so it lies in one word.
     */
    private static long chunkBits(int k, long[] bits, int row, int q0) {
        int p = 4 * q0;
        long v = bits[row + (p >>> 6)] >>> (p & 63);
        int left = k - p;
        return left >= 64 ? v : v & ((1L << left) - 1);
    }

    /** Every row's {@code NV} vectors of columns for nibbles {@code q0..q1−1}: from 0 ({@code first}) or C. */
    private static void rows4(int m, int k, int q0, int q1, boolean first, long[] bits, int bitsOff, int words,
                              float[] table, float[] c, int cOff, int ldc) {
        int count = q1 - q0;
        for (int r = 0; r < m; r++) {
            int ci = cOff + r * ldc;
            FloatVector a0;
            FloatVector a1;
            FloatVector a2;
            FloatVector a3;
            if (first) {
                a0 = FloatVector.zero(F);
                a1 = a0;
                a2 = a0;
                a3 = a0;
            } else {
                a0 = FloatVector.fromArray(F, c, ci);
                a1 = FloatVector.fromArray(F, c, ci + FL);
                a2 = FloatVector.fromArray(F, c, ci + 2 * FL);
                a3 = FloatVector.fromArray(F, c, ci + 3 * FL);
            }
            long v = chunkBits(k, bits, bitsOff + r * words, q0);
            for (int q = 0; q < count; q++) {
                int t = ((q << 4) + ((int) v & 15)) * WB;
                v >>>= 4;
                a0 = a0.add(FloatVector.fromArray(F, table, t));
                a1 = a1.add(FloatVector.fromArray(F, table, t + FL));
                a2 = a2.add(FloatVector.fromArray(F, table, t + 2 * FL));
                a3 = a3.add(FloatVector.fromArray(F, table, t + 3 * FL));
            }
            a0.intoArray(c, ci);
            a1.intoArray(c, ci + FL);
            a2.intoArray(c, ci + 2 * FL);
            a3.intoArray(c, ci + 3 * FL);
        }
    }

    /** As {@link #rows4} for one vector of columns, the table's lanes at {@code lane}. */
    private static void rows1(int m, int k, int q0, int q1, boolean first, long[] bits, int bitsOff, int words,
                              float[] table, int lane, float[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            int ci = cOff + r * ldc;
            FloatVector a0 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, c, ci);
            long v = chunkBits(k, bits, bitsOff + r * words, q0);
            for (int q = 0; q < q1 - q0; q++) {
                a0 = a0.add(FloatVector.fromArray(F, table, ((q << 4) + ((int) v & 15)) * WB + lane));
                v >>>= 4;
            }
            a0.intoArray(c, ci);
        }
    }
}
