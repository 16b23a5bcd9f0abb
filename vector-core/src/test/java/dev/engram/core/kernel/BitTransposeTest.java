package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link BitMatrix#transpose} against a bit-by-bit transpose, on sizes around the 64 × 64 blocks, from a non-zero offset. */
class BitTransposeTest {
    @Test
    void theBlockTransposeIsTheBitByBitOne() {
        SplittableRandom r = new SplittableRandom(5);
        long[] block = new long[64];
        for (int rows : new int[] {1, 7, 63, 64, 65, 128, 130}) {
            for (int cols : new int[] {1, 5, 63, 64, 65, 100, 794}) {
                int words = (cols + 63) / 64 + 1;         // a spare word, garbage past cols
                int outWords = (rows + 63) / 64;
                int off = 3;
                long[] st = new long[off + rows * words];
                for (int i = 0; i < st.length; i++) {
                    st[i] = r.nextLong();
                }
                long[] out = new long[cols * outWords + 3];
                for (int i = 0; i < out.length; i++) {
                    out[i] = r.nextLong();                // stale words must be overwritten
                }
                long spare = out[cols * outWords];
                BitMatrix.transpose(st, off, rows, words, cols, out, outWords, block);
                for (int c = 0; c < cols; c++) {
                    for (int w = 0; w < outWords; w++) {
                        long expected = 0;
                        for (int b = 0; b < 64 && w * 64 + b < rows; b++) {
                            int row = w * 64 + b;
                            if ((st[off + row * words + (c >>> 6)] >>> (c & 63) & 1) != 0) {
                                expected |= 1L << b;
                            }
                        }
                        assertEquals(expected, out[c * outWords + w], rows + " x " + cols + ": column " + c
                                + ", word " + w);
                    }
                }
                assertEquals(spare, out[cols * outWords], rows + " x " + cols + ": wrote past the rows");
            }
        }
    }
}
