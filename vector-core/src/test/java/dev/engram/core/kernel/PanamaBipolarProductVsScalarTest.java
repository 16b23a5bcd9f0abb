package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code bipolarProduct} ({@code C = S·B}, S packed ±1, or its transpose): the Panama tables give the scalar
 * reference's bits on every size (around the vector, block and chunk widths, summed dimensions that are not a
 * multiple of four or of 64, more rows than one block of the Panama kernel, garbage bits past k, offsets and
 * strides), the product is the signed sum to within an ordinary sum's rounding, and an element does not depend on
 * how the rows and columns are split.
 */
class PanamaBipolarProductVsScalarTest extends PanamaVsScalarSupport {
    static final int[][] SIZES = {{1, 1, 1}, {4, 8, 8}, {5, 16, 9}, {3, 7, 5}, {4, 31, 63}, {7, 33, 64},
        {9, 64, 65}, {16, 128, 128}, {6, 257, 794}, {128, 256, 794}, {13, 100, 130}, {4, 96, 1021}, {5, 65, 2},
        {40, 512, 37}, {8, 200, 512}, {794, 64, 128}, {1030, 40, 13}};

    /** Row r's bit p: +1 or −1. */
    static double sign(long[] bits, int off, int words, int r, int p) {
        return (bits[off + r * words + (p >>> 6)] >>> (p & 63) & 1) != 0 ? 1 : -1;
    }

    @Test
    void panamaGivesTheScalarBitsAndTheSignedSum() {
        SplittableRandom rnd = new SplittableRandom(71);
        for (int[] s : SIZES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            int words = (k + 63) / 64 + 1;            // one spare word per row: garbage the kernels must not read
            int bitsOff = 3;
            long[] bits = new long[bitsOff + m * words];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = rnd.nextLong();             // bits past k are garbage too
            }
            int ldb = n + 3;
            int bOff = 2;
            int cOff = 7;
            float[] b = floats(rnd, bOff + k * ldb, -1, 1);
            for (boolean transC : new boolean[] {false, true}) {
                int outRows = transC ? n : m;
                int outCols = transC ? m : n;
                int ldc = outCols + 5;
                float[] c = floats(rnd, cOff + outRows * ldc + 3, -9, 9);
                float[] pc = c.clone();
                float[] sc = c.clone();
                panama.bipolarProduct(transC, m, n, k, bits, bitsOff, words, b, bOff, ldb, pc, cOff, ldc);
                SCALAR.bipolarProduct(transC, m, n, k, bits, bitsOff, words, b, bOff, ldb, sc, cOff, ldc);
                String what = "bipolarProduct m=" + m + " n=" + n + " k=" + k + " transC=" + transC;
                for (int x = 0; x < c.length; x++) {
                    int row = (x - cOff) / ldc;
                    int col = (x - cOff) % ldc;
                    boolean inside = x >= cOff && row < outRows && col < outCols;
                    int r = transC ? col : row;
                    int j = transC ? row : col;
                    if (!inside) {
                        assertEquals(c[x], pc[x], what + ": wrote outside C at " + x);
                        assertEquals(c[x], sc[x], what + ": scalar wrote outside C at " + x);
                        continue;
                    }
                    assertEquals(sc[x], pc[x], what + " at row " + r + " column " + j + " (the scalar bits)");
                    double exact = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double t = sign(bits, bitsOff, words, r, p) * b[bOff + p * ldb + j];
                        exact += t;
                        abs += Math.abs(t);
                    }
                    // each nibble's entry: at most 4 roundings of sums up to 4·max|b|, then k/4 more
                    // roundings: within 2·(k + 8)·u·Σ|b|
                    close(exact, pc[x], sumBound(k + 8, 2 * abs + 8), what + " at row " + r + " column " + j);
                }
            }
        }
    }

    @Test
    void anElementDoesNotDependOnTheSplit() {
        SplittableRandom rnd = new SplittableRandom(73);
        int m = 37;
        int n = 203;
        int k = 301;
        int words = (k + 63) / 64;
        long[] bits = new long[m * words];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = rnd.nextLong();
        }
        float[] b = floats(rnd, k * n, -1, 1);
        float[] whole = new float[m * n];
        panama.bipolarProduct(false, m, n, k, bits, 0, words, b, 0, n, whole, 0, n);
        float[] wholeT = new float[n * m];
        panama.bipolarProduct(true, m, n, k, bits, 0, words, b, 0, n, wholeT, 0, m);
        float[] split = new float[m * n];
        float[] splitT = new float[n * m];
        int[] rowCuts = {0, 5, 6, 20, m};
        int[] colCuts = {0, 1, 9, 64, 100, 171, n};
        for (int ri = 0; ri + 1 < rowCuts.length; ri++) {
            for (int ci = 0; ci + 1 < colCuts.length; ci++) {
                int r0 = rowCuts[ri];
                int c0 = colCuts[ci];
                panama.bipolarProduct(false, rowCuts[ri + 1] - r0, colCuts[ci + 1] - c0, k, bits, r0 * words, words, b,
                        c0, n, split, r0 * n + c0, n);
                panama.bipolarProduct(true, rowCuts[ri + 1] - r0, colCuts[ci + 1] - c0, k, bits, r0 * words, words, b,
                        c0, n, splitT, c0 * m + r0, m);
            }
        }
        for (int x = 0; x < whole.length; x++) {
            assertEquals(whole[x], split[x], "element " + x + " of a split product");
            assertEquals(whole[x], wholeT[(x % n) * m + x / n], "element " + x + " of the transposed product");
            assertEquals(wholeT[x], splitT[x], "element " + x + " of a split transposed product");
        }
    }
}
