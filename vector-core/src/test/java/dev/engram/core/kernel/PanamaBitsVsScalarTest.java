package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packed-bipolar Panama kernels ({@code PanamaBits}) against the scalar reference: overlaps, batched
 * overlaps and signs to bits, all exact.
 * Tolerances and the lengths: {@link PanamaVsScalarSupport}.
 */
class PanamaBitsVsScalarTest extends PanamaVsScalarSupport {

    @Test
    void multiWordOverlapsAreExact() {
        SplittableRandom r = new SplittableRandom(7);
        for (int words = 2; words <= 17; words++) {
            for (int n : new int[] {64 * words - 63, 64 * words - 5, 64 * words}) {
                long[] a = packed(r, 3, 1, n);
                for (int k : new int[] {1, 7, 8, 9, 100, 1021}) {
                    long[] mem = packed(r, 5, k, n);
                    int[] want = new int[k + 3];
                    int[] got = new int[k + 3];
                    want[k + 2] = got[k + 2] = 99;
                    SCALAR.overlaps(a, 3, mem, 5, k, words, n, want, 2);
                    panama.overlaps(a, 3, mem, 5, k, words, n, got, 2);
                    assertArrayEquals(want, got, "overlaps words=" + words + " n=" + n + " k=" + k);
                    assertEquals(n, panama.overlap(mem, 5, mem, 5, words, n), "self-overlap n=" + n);
                }
                long[] same = packed(r, 1, 9, n);
                System.arraycopy(a, 3, same, 1 + 4 * words, words);
                int[] got = new int[9];
                panama.overlaps(a, 3, same, 1, 9, words, n, got, 0);
                assertEquals(n, got[4], "probe stored as memory 4, words=" + words);
            }
        }
    }

    @Test
    void overlapsAreExact() {
        SplittableRandom r = new SplittableRandom(1);
        int[] ns = {1, 7, 15, 16, 17, 63, 64, 65, 127, 700, 1021, 4000};
        for (int n : ns) {
            int words = (n + 63) >>> 6;
            long[] a = packed(r, 3, 1, n);
            long[] b = packed(r, 5, 1, n);
            assertEquals(SCALAR.overlap(a, 3, b, 5, words, n), panama.overlap(a, 3, b, 5, words, n), "overlap n=" + n);
            assertEquals(n, panama.overlap(a, 3, a, 3, words, n), "self-overlap n=" + n);
            for (int k : new int[] {1, 7, 8, 17, 100}) {
                long[] mem = packed(r, 2, k, n);
                int[] want = new int[k + 4];
                int[] got = new int[k + 4];
                got[0] = want[0] = 42;
                SCALAR.overlaps(a, 3, mem, 2, k, words, n, want, 1);
                panama.overlaps(a, 3, mem, 2, k, words, n, got, 1);
                assertArrayEquals(want, got, "overlaps n=" + n + " k=" + k);
                int p = 3;
                long[] probes = packed(r, 1, p, n);
                int[] wantB = new int[2 + p * k];
                int[] gotB = new int[2 + p * k];
                SCALAR.overlapsBatch(probes, 1, p, mem, 2, k, words, n, wantB, 2);
                panama.overlapsBatch(probes, 1, p, mem, 2, k, words, n, gotB, 2);
                assertArrayEquals(wantB, gotB, "overlapsBatch n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void signToBitsIsExact() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : new int[] {1, 7, 15, 16, 17, 63, 64, 65, 127, 128, 1021}) {
            float[] x = floats(r, n + 3, -1, 1);
            for (int i = 0; i < x.length; i += 5) {
                x[i] = switch (i % 4) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> Float.NaN;
                    default -> Float.MIN_VALUE;
                };
            }
            int words = (n + 63) >>> 6;
            long[] want = new long[words + 2];
            long[] got = new long[words + 2];
            want[words + 1] = got[words + 1] = 99;
            SCALAR.signToBits(x, 3, n, want, 1);
            panama.signToBits(x, 3, n, got, 1);
            assertArrayEquals(want, got, "signToBits n=" + n);
        }
    }
}
