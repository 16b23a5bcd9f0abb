package dev.engram.core.kernel;

/**
 * Packed bit matrices shared by the kernels and the models: the transpose that turns the packed ±1 rows of one
 * side of a product into the rows the other side needs (DAM training's states over the items, the ±1 memories of
 * a batch recall over the neurons).
 */
public final class BitMatrix {
    private BitMatrix() {
    }

    /**
     * The transpose of a packed bit matrix: bit {@code c} of row {@code r} ({@code st[stOff + r·words + c/64]}, bit
     * {@code c % 64}) becomes bit {@code r} of row {@code c} of {@code out} ({@code out[c·outWords + r/64]}), for
     * {@code r < rows}, {@code c < cols}; the first {@code cols · outWords} words of {@code out} are overwritten and
     * bits past {@code cols} in {@code st} are ignored. 64 × 64 blocks, each transposed in six rounds of swaps.
     *
     * @param block scratch of at least 64 words
     */
    public static void transpose(long[] st, int stOff, int rows, int words, int cols, long[] out, int outWords,
                                 long[] block) {
        java.util.Arrays.fill(out, 0, cols * outWords, 0L);
        for (int r0 = 0; r0 < rows; r0 += 64) {
            int rn = Math.min(64, rows - r0);
            for (int cw = 0; cw < words && cw * 64 < cols; cw++) {
                for (int i = 0; i < 64; i++) {
                    block[i] = i < rn ? st[stOff + (r0 + i) * words + cw] : 0L;
                }
                transpose64(block);
                int cn = Math.min(64, cols - cw * 64);
                for (int j = 0; j < cn; j++) {
                    out[(cw * 64 + j) * outWords + (r0 >>> 6)] = block[j];
                }
            }
        }
    }

    /** In place: bit j of word i goes to bit i of word j (least significant bit first). */
    private static void transpose64(long[] a) {
        long m = 0x00000000FFFFFFFFL;
        for (int j = 32; j != 0; j >>>= 1, m ^= m << j) {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k | j]) & m;
                a[k] ^= t << j;
                a[k | j] ^= t;
            }
        }
    }
}
