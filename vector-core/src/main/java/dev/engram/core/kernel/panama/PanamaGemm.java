package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The general matrix product of {@link PanamaKernels#gemm}: a register-blocked micro-kernel that keeps a tile of
 * {@value #MR} rows × up to {@value #NV} vectors of C in registers and adds one rank-one term per step of the
 * reduction index p ({@code MR} broadcasts of A, up to {@code NV} loads of B's row p, {@code MR·NV} FMAs), so every
 * element of C is an FMA chain over p in index order, as the contract asks. The last vector of a row is a masked
 * one where the columns do not fill it (the masked lanes are the same FMA chains), so an element's bits do not
 * depend on where the tile boundaries fall. The tiles run column block by column block, so a block of B's columns
 * (k × {@code NV·FL} floats) is reused from cache by every row block of C.
 */
final class PanamaGemm {
    /** Rows of C per tile. */
    static final int MR = 4;
    /** Float vectors of C per tile row: 4 × 3 accumulators + 3 B vectors + 1 broadcast fit 16 registers (AVX2). */
    static final int NV = 3;
    /**
     * Whether 8-row tiles are used: with 32 vector registers (AVX-512; 16-lane floats here) 8 × 3 accumulators fit
     * and halve the loads of B per FMA.
     */
    static final boolean WIDE = FL >= 16;

    private PanamaGemm() {
    }

    static void gemm(boolean transA, boolean accumulate, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        // A(i,p) at a[aOff + i*rowStride + p*pStride]
        int rowStride = transA ? 1 : lda;
        int pStride = transA ? lda : 1;
        if (m == 1) {
            // one row of C (DAM training's per-term sums: C[1 × K] += a·B, thousands of calls per batch): one pass
            // along the row, no tiles
            singleRow(accumulate, n, k, a, aOff, pStride, b, bOff, ldb, c, cOff);
            return;
        }
        int vectors = (n + FL - 1) / FL;
        int tailLanes = n - (vectors - 1) * FL;
        boolean ragged = n % FL != 0;
        for (int v0 = 0, nv; v0 < vectors; v0 += nv) {
            // blocks of three vectors; four left are two blocks of two, not three and a slow one
            nv = WIDE && vectors - v0 == 4 ? 2 : Math.min(NV, vectors - v0);
            int j = v0 * FL;
            boolean masked = ragged && v0 + nv == vectors;
            int i = 0;
            if (WIDE && !masked && nv == NV) {
                for (; i + 2 * MR <= m; i += 2 * MR) {
                    tile8x3(accumulate, k, a, aOff + i * rowStride, rowStride, pStride, b, bOff + j, ldb, c,
                            cOff + i * ldc + j, ldc);
                }
            } else if (WIDE && !masked && nv == 2) {
                // two vectors at the right edge: eight rows keep eight FMA chains per vector in flight
                for (; i + 2 * MR <= m; i += 2 * MR) {
                    tile8x2(accumulate, k, a, aOff + i * rowStride, rowStride, pStride, b, bOff + j, ldb, c,
                            cOff + i * ldc + j, ldc);
                }
            }
            for (; i + MR <= m; i += MR) {
                int ai = aOff + i * rowStride;
                int ci = cOff + i * ldc + j;
                if (!masked && nv == NV) {
                    tile4x3(accumulate, k, a, ai, rowStride, pStride, b, bOff + j, ldb, c, ci, ldc);
                } else {
                    tile4(nv, masked ? tailLanes : FL, accumulate, k, a, ai, rowStride, pStride, b, bOff + j, ldb, c,
                            ci, ldc);
                }
            }
            for (; i < m; i++) {
                row(nv, masked ? tailLanes : FL, accumulate, k, a, aOff + i * rowStride, pStride, b, bOff + j, ldb,
                        c, cOff + i * ldc + j);
            }
        }
    }

    /** C[0..4)[0..3 vectors) (+)= A[0..4)[0..k) · B[0..k)[0..3 vectors): a main tile, unmasked. */
    private static void tile4x3(boolean accumulate, int k, float[] a, int ai, int rowStride, int pStride, float[] b,
                                int bj, int ldb, float[] c, int ci, int ldc) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        if (accumulate) {
            c00 = FloatVector.fromArray(F, c, ci);
            c01 = FloatVector.fromArray(F, c, ci + FL);
            c02 = FloatVector.fromArray(F, c, ci + 2 * FL);
            c10 = FloatVector.fromArray(F, c, ci + ldc);
            c11 = FloatVector.fromArray(F, c, ci + ldc + FL);
            c12 = FloatVector.fromArray(F, c, ci + ldc + 2 * FL);
            c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + FL);
            c22 = FloatVector.fromArray(F, c, ci + 2 * ldc + 2 * FL);
            c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + FL);
            c32 = FloatVector.fromArray(F, c, ci + 3 * ldc + 2 * FL);
        } else {
            c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = FloatVector.zero(F);
        }
        for (int p = 0; p < k; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * FL);
            int ap = ai + p * pStride;
            FloatVector x = FloatVector.broadcast(F, a[ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(F, a[ap + rowStride]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(F, a[ap + 2 * rowStride]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(F, a[ap + 3 * rowStride]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c02.intoArray(c, ci + 2 * FL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + FL);
        c12.intoArray(c, ci + ldc + 2 * FL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + FL);
        c22.intoArray(c, ci + 2 * ldc + 2 * FL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + FL);
        c32.intoArray(c, ci + 3 * ldc + 2 * FL);
    }

    /** C[0..8)[0..3 vectors) (+)= A[0..8)[0..k) · B[0..k)[0..3 vectors): a main tile, unmasked. */
    private static void tile8x3(boolean accumulate, int k, float[] a, int ai, int rowStride, int pStride, float[] b,
                                int bj, int ldb, float[] c, int ci, int ldc) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        if (accumulate) {
            c00 = FloatVector.fromArray(F, c, ci);
            c01 = FloatVector.fromArray(F, c, ci + FL);
            c02 = FloatVector.fromArray(F, c, ci + 2 * FL);
            c10 = FloatVector.fromArray(F, c, ci + ldc);
            c11 = FloatVector.fromArray(F, c, ci + ldc + FL);
            c12 = FloatVector.fromArray(F, c, ci + ldc + 2 * FL);
            c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + FL);
            c22 = FloatVector.fromArray(F, c, ci + 2 * ldc + 2 * FL);
            c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + FL);
            c32 = FloatVector.fromArray(F, c, ci + 3 * ldc + 2 * FL);
            c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(F, c, ci + 4 * ldc + FL);
            c42 = FloatVector.fromArray(F, c, ci + 4 * ldc + 2 * FL);
            c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(F, c, ci + 5 * ldc + FL);
            c52 = FloatVector.fromArray(F, c, ci + 5 * ldc + 2 * FL);
            c60 = FloatVector.fromArray(F, c, ci + 6 * ldc);
            c61 = FloatVector.fromArray(F, c, ci + 6 * ldc + FL);
            c62 = FloatVector.fromArray(F, c, ci + 6 * ldc + 2 * FL);
            c70 = FloatVector.fromArray(F, c, ci + 7 * ldc);
            c71 = FloatVector.fromArray(F, c, ci + 7 * ldc + FL);
            c72 = FloatVector.fromArray(F, c, ci + 7 * ldc + 2 * FL);
        } else {
            c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = FloatVector.zero(F);
        }
        for (int p = 0; p < k; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * FL);
            int ap = ai + p * pStride;
            FloatVector x = FloatVector.broadcast(F, a[ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(F, a[ap + rowStride]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(F, a[ap + 2 * rowStride]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(F, a[ap + 3 * rowStride]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(F, a[ap + 4 * rowStride]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(F, a[ap + 5 * rowStride]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            c52 = b2.fma(x, c52);
            x = FloatVector.broadcast(F, a[ap + 6 * rowStride]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            c62 = b2.fma(x, c62);
            x = FloatVector.broadcast(F, a[ap + 7 * rowStride]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
            c72 = b2.fma(x, c72);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c02.intoArray(c, ci + 2 * FL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + FL);
        c12.intoArray(c, ci + ldc + 2 * FL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + FL);
        c22.intoArray(c, ci + 2 * ldc + 2 * FL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + FL);
        c32.intoArray(c, ci + 3 * ldc + 2 * FL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + FL);
        c42.intoArray(c, ci + 4 * ldc + 2 * FL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + FL);
        c52.intoArray(c, ci + 5 * ldc + 2 * FL);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + FL);
        c62.intoArray(c, ci + 6 * ldc + 2 * FL);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + FL);
        c72.intoArray(c, ci + 7 * ldc + 2 * FL);
    }

    /** C[0..8)[0..2 vectors) (+)= A[0..8)[0..k) · B[0..k)[0..2 vectors): the right edge, unmasked. */
    private static void tile8x2(boolean accumulate, int k, float[] a, int ai, int rowStride,
                                int pStride, float[] b, int bj, int ldb, float[] c, int ci, int ldc) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(F, c, ci);
            c01 = FloatVector.fromArray(F, c, ci + FL);
            c10 = FloatVector.fromArray(F, c, ci + ldc);
            c11 = FloatVector.fromArray(F, c, ci + ldc + FL);
            c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + FL);
            c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + FL);
            c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(F, c, ci + 4 * ldc + FL);
            c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(F, c, ci + 5 * ldc + FL);
            c60 = FloatVector.fromArray(F, c, ci + 6 * ldc);
            c61 = FloatVector.fromArray(F, c, ci + 6 * ldc + FL);
            c70 = FloatVector.fromArray(F, c, ci + 7 * ldc);
            c71 = FloatVector.fromArray(F, c, ci + 7 * ldc + FL);
        } else {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = FloatVector.zero(F);
        }
        for (int p = 0; p < k; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            int ap = ai + p * pStride;
            FloatVector x = FloatVector.broadcast(F, a[ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(F, a[ap + rowStride]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(F, a[ap + 2 * rowStride]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(F, a[ap + 3 * rowStride]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(F, a[ap + 4 * rowStride]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(F, a[ap + 5 * rowStride]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(F, a[ap + 6 * rowStride]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(F, a[ap + 7 * rowStride]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + FL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + FL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + FL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + FL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + FL);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + FL);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + FL);
    }

    /**
     * A tile of 4 rows × {@code nv} (1 to 3) vectors whose last vector has {@code lastLanes} lanes (masked when
     * fewer than a vector's): the block at the right edge of C. Four rows keep four independent FMA chains per
     * vector in flight. The mask is made here, not passed in: a mask argument of a method C2 does not inline is a
     * boxed object, and the vector operations on it fall back to Java code.
     */
    private static void tile4(int nv, int lastLanes, boolean accumulate, int k, float[] a, int ai,
                              int rowStride, int pStride, float[] b, int bj, int ldb, float[] c, int ci, int ldc) {
        for (int v = 0; v < nv; v++) {
            VectorMask<Float> mask = F.indexInRange(0, v == nv - 1 ? lastLanes : FL);
            int cv = ci + v * FL;
            FloatVector c0 = accumulate ? FloatVector.fromArray(F, c, cv, mask) : FloatVector.zero(F);
            FloatVector c1 = accumulate ? FloatVector.fromArray(F, c, cv + ldc, mask) : FloatVector.zero(F);
            FloatVector c2 = accumulate ? FloatVector.fromArray(F, c, cv + 2 * ldc, mask) : FloatVector.zero(F);
            FloatVector c3 = accumulate ? FloatVector.fromArray(F, c, cv + 3 * ldc, mask) : FloatVector.zero(F);
            int bv = bj + v * FL;
            for (int p = 0; p < k; p++) {
                FloatVector bb = FloatVector.fromArray(F, b, bv + p * ldb, mask);
                int ap = ai + p * pStride;
                c0 = bb.fma(FloatVector.broadcast(F, a[ap]), c0);
                c1 = bb.fma(FloatVector.broadcast(F, a[ap + rowStride]), c1);
                c2 = bb.fma(FloatVector.broadcast(F, a[ap + 2 * rowStride]), c2);
                c3 = bb.fma(FloatVector.broadcast(F, a[ap + 3 * rowStride]), c3);
            }
            c0.intoArray(c, cv, mask);
            c1.intoArray(c, cv + ldc, mask);
            c2.intoArray(c, cv + 2 * ldc, mask);
            c3.intoArray(c, cv + 3 * ldc, mask);
        }
    }

    /** One row of C, {@code nv} vectors wide, the last of {@code lastLanes} lanes (the rows below the last tile). */
    private static void row(int nv, int lastLanes, boolean accumulate, int k, float[] a, int ai, int pStride,
                            float[] b, int bj, int ldb, float[] c, int ci) {
        for (int v = 0; v < nv; v++) {
            VectorMask<Float> mask = F.indexInRange(0, v == nv - 1 ? lastLanes : FL);
            FloatVector acc = accumulate ? FloatVector.fromArray(F, c, ci + v * FL, mask) : FloatVector.zero(F);
            for (int p = 0; p < k; p++) {
                acc = FloatVector.fromArray(F, b, bj + p * ldb + v * FL, mask)
                        .fma(FloatVector.broadcast(F, a[ai + p * pStride]), acc);
            }
            acc.intoArray(c, ci + v * FL, mask);
        }
    }

    /**
     * C[0][0..n) (+)= A[0][0..k) · B[0..k)[0..n): per vector of the row one FMA chain over p in index order (the
     * same operations as {@link #row}, so the same bits), plain loads and stores for the full vectors and a masked
     * one for a last partial vector.
     */
    private static void singleRow(boolean accumulate, int n, int k, float[] a, int ai, int pStride, float[] b,
                                  int bj, int ldb, float[] c, int ci) {
        int bound = F.loopBound(n);
        for (int j = 0; j < bound; j += FL) {
            FloatVector acc = accumulate ? FloatVector.fromArray(F, c, ci + j) : FloatVector.zero(F);
            for (int p = 0; p < k; p++) {
                acc = FloatVector.fromArray(F, b, bj + p * ldb + j).fma(FloatVector.broadcast(F, a[ai + p * pStride]),
                        acc);
            }
            acc.intoArray(c, ci + j);
        }
        if (bound < n) {
            row(1, n - bound, accumulate, k, a, ai, pStride, b, bj + bound, ldb, c, ci + bound);
        }
    }

    /** See {@link PanamaKernels#transpose}. */
    static void transpose(int rows, int cols, float[] src, int sOff, int lds, float[] dst, int dOff, int ldd) {
        int[] index = new int[FL];
        for (int l = 0; l < FL; l++) {
            index[l] = l * lds;
        }
        int i0 = 0;
        for (; i0 + FL <= rows; i0 += FL) {
            int base = sOff + i0 * lds;
            for (int j = 0; j < cols; j++) {
                FloatVector.fromArray(F, src, base + j, index, 0).intoArray(dst, dOff + j * ldd + i0);
            }
        }
        for (int i = i0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
            }
        }
    }
}
