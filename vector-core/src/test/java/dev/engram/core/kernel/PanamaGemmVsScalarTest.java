package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code gemm}: the Panama kernel is an FMA chain over the reduction index in order for every element (checked
 * bit for bit against {@link Math#fma}), independent of how the product is split into blocks, and within the
 * summation bound of the scalar reference; on sizes around the tile and vector widths, both forms of A, with and
 * without accumulation, with offsets and row strides larger than the rows. And {@code transpose}, the copy the
 * DAM's training makes of its memories after every update.
 */
class PanamaGemmVsScalarTest extends PanamaVsScalarSupport {
    static final int[][] SIZES = {{1, 1, 1}, {3, 5, 7}, {4, 16, 1}, {5, 47, 13}, {4, 48, 64}, {9, 97, 33},
        {17, 100, 128}, {13, 794, 10}, {6, 256, 131}, {2, 1021, 3}, {8, 64, 20}, {16, 256, 37}, {9, 128, 50},
        {24, 794, 17}, {1, 128, 1}, {1, 131, 10}, {1, 16, 128}, {1, 5, 3}, {1, 47, 1}, {1, 794, 40}};

    /** C (+)= op(A)·B as FMA chains in order: what Panama must give bit for bit. */
    static float[] fmaReference(boolean transA, boolean acc, int m, int n, int k, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float[] c0, int cOff, int ldc) {
        float[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = acc ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    s = Math.fma(av, b[bOff + p * ldb + j], s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
        return c;
    }

    @Test
    void panamaIsAnFmaChainInOrderAndCloseToTheScalarReference() {
        SplittableRandom r = new SplittableRandom(41);
        for (int[] s : SIZES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean acc : new boolean[] {false, true}) {
                    int lda = (transA ? m : k) + 3;
                    int ldb = n + 2;
                    int ldc = n + 5;
                    int aOff = 7;
                    int bOff = 3;
                    int cOff = 11;
                    float[] a = floats(r, aOff + (transA ? k : m) * lda, -1, 1);
                    float[] b = floats(r, bOff + k * ldb, -1, 1);
                    float[] c = floats(r, cOff + m * ldc + 4, -2, 2);
                    float[] expected = fmaReference(transA, acc, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
                    float[] pc = c.clone();
                    panama.gemm(transA, acc, m, n, k, a, aOff, lda, b, bOff, ldb, pc, cOff, ldc);
                    float[] sc = c.clone();
                    SCALAR.gemm(transA, acc, m, n, k, a, aOff, lda, b, bOff, ldb, sc, cOff, ldc);
                    String what = "gemm m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " acc=" + acc;
                    for (int x = 0; x < c.length; x++) {
                        assertEquals(expected[x], pc[x], what + " at " + x + " (FMA chain)");
                        // |terms| <= 1 each, plus |c| <= 2
                        close(sc[x], pc[x], sumBound(k + 1, k + 2.0), what + " at " + x);
                    }
                }
            }
        }
    }

    @Test
    void anElementDoesNotDependOnTheBlocking() {
        SplittableRandom r = new SplittableRandom(43);
        int m = 11;
        int n = 203;
        int k = 57;
        float[] a = floats(r, m * k, -1, 1);
        float[] b = floats(r, k * n, -1, 1);
        float[] whole = new float[m * n];
        panama.gemm(false, false, m, n, k, a, 0, k, b, 0, n, whole, 0, n);
        // rows in three blocks, columns in two, as threads or tiles might split them
        float[] parts = new float[m * n];
        int[] rows = {0, 3, 7, m};
        int[] cols = {0, 50, n};
        for (int ri = 0; ri + 1 < rows.length; ri++) {
            for (int ci = 0; ci + 1 < cols.length; ci++) {
                int r0 = rows[ri];
                int c0 = cols[ci];
                panama.gemm(false, false, rows[ri + 1] - r0, cols[ci + 1] - c0, k, a, r0 * k, k, b, c0, n, parts,
                        r0 * n + c0, n);
            }
        }
        for (int x = 0; x < whole.length; x++) {
            assertEquals(whole[x], parts[x], "element " + x);
        }
    }

    /** {@code transpose} is a copy: the same values on both backends, around the vector width, with offsets. */
    @Test
    void transposeCopiesTheBlockOnBothBackends() {
        SplittableRandom r = new SplittableRandom(47);
        int[][] sizes = {{1, 1}, {15, 3}, {16, 794}, {17, 5}, {33, 16}, {256, 794}, {40, 1}};
        for (int[] size : sizes) {
            int rows = size[0];
            int cols = size[1];
            int lds = cols + 3;
            int ldd = rows + 5;
            float[] src = floats(r, 2 + rows * lds, -1, 1);
            float[] expected = floats(r, 4 + cols * ldd, -1, 1);
            float[] pd = expected.clone();
            float[] sd = expected.clone();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    expected[4 + j * ldd + i] = src[2 + i * lds + j];
                }
            }
            panama.transpose(rows, cols, src, 2, lds, pd, 4, ldd);
            SCALAR.transpose(rows, cols, src, 2, lds, sd, 4, ldd);
            String what = "transpose " + rows + " × " + cols;
            assertArrayEquals(expected, pd, what + " (panama)");
            assertArrayEquals(expected, sd, what + " (scalar)");
        }
    }
}
