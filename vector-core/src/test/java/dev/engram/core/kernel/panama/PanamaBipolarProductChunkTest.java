package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.core.kernel.ScalarKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chunk length of {@link PanamaBipolarProduct} (nibbles a table: the modern batch step uses
 * {@link PanamaBipolarProduct#STEP_CHUNK}, the rest {@link PanamaBipolarProduct#CHUNK}) is a matter of speed
 * only: every chunk that divides 16 gives the scalar reference's bits, on sizes around the chunk, vector, block and
 * row-block widths, both layouts of C.
 */
class PanamaBipolarProductChunkTest {

    @BeforeAll
    static void vectorModule() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector not in the boot layer (run with --add-modules jdk.incubator.vector)");
    }

    @Test
    void everyChunkGivesTheScalarBits() {
        SplittableRandom rnd = new SplittableRandom(79);
        int[][] sizes = {{4, FL, 8}, {9, 2 * FL, 63}, {37, 4 * FL, 65}, {5, 5 * FL, 130}, {128, 4 * FL, 1000},
            {1030, FL, 70}, {16, 8 * FL, 257}};
        for (int[] s : sizes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            int words = (k + 63) / 64;
            long[] bits = new long[m * words];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = rnd.nextLong();
            }
            float[] b = new float[k * n];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rnd.nextGaussian();
            }
            for (boolean transC : new boolean[] {false, true}) {
                int ldc = transC ? m : n;
                float[] ref = new float[m * n];
                ScalarKernels.INSTANCE.bipolarProduct(transC, m, n, k, bits, 0, words, b, 0, n, ref, 0, ldc);
                for (int chunk : new int[] {1, 2, 4, 8, 16}) {
                    float[] c = new float[m * n];
                    int done = PanamaBipolarProduct.product(transC, chunk, m, n, k, bits, 0, words, b, 0, n, c, 0,
                            ldc);
                    assertEquals(n, done, "columns done");
                    for (int x = 0; x < c.length; x++) {
                        assertEquals(ref[x], c[x], "m=" + m + " n=" + n + " k=" + k + " transC=" + transC
                                + " chunk=" + chunk + " element " + x);
                    }
                }
            }
        }
    }
}
