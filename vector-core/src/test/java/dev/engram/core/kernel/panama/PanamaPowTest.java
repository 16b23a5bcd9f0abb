package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PanamaPow#powers}: the bits of the scalar reference's repeated squaring ({@code ScalarKernels.pow})
 * for every exponent from 0 to 200, at an offset, and nothing outside the run touched.
 */
class PanamaPowTest {

    @BeforeAll
    static void vectorModule() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector not in the boot layer (run with --add-modules jdk.incubator.vector)");
    }

    /** The scalar reference's order (a copy of {@code ScalarKernels.pow}, which is not visible here). */
    static float reference(float x, int n) {
        float r = 1f;
        float b = x;
        for (int e = n; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                r *= b;
            }
            b *= b;
        }
        return r;
    }

    @Test
    void everyExponentGivesTheScalarBits() {
        SplittableRandom rnd = new SplittableRandom(3);
        int len = 3 * FL;
        int off = 5;
        float[] x = new float[len];
        float[] r = new float[off + len + 3];
        float[] base = new float[len];
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < len; i++) {
                // around 1, where high powers neither vanish nor overflow, and some negatives
                x[i] = (float) (rnd.nextBoolean() ? 1 + rnd.nextGaussian() * 0.05 : rnd.nextDouble(-1.2, 1.2));
            }
            for (int n = 0; n <= 200; n++) {
                java.util.Arrays.fill(r, 7f);
                System.arraycopy(x, 0, base, 0, len);
                PanamaPow.powers(base, len, r, off, n, null, 0, 0);
                for (int i = 0; i < len; i++) {
                    assertEquals(Float.floatToIntBits(reference(x[i], n)), Float.floatToIntBits(r[off + i]),
                            "x = " + x[i] + ", n = " + n);
                }
                for (int i = 0; i < off; i++) {
                    assertEquals(7f, r[i], "before the run, n = " + n);
                }
                for (int i = off + len; i < r.length; i++) {
                    assertEquals(7f, r[i], "after the run, n = " + n);
                }
            }
        }
    }

    /** Two exponents of one run at once (F and F' take n and n − 1): both the scalar bits. */
    @Test
    void twoExponentsAtOnceGiveTheScalarBits() {
        SplittableRandom rnd = new SplittableRandom(4);
        int len = 2 * FL;
        float[] x = new float[len];
        float[] base = new float[len];
        float[] rn = new float[len + 3];
        float[] rd = new float[len + 1];
        for (int i = 0; i < len; i++) {
            x[i] = (float) rnd.nextDouble(-1.3, 1.3);
        }
        for (int en = 0; en <= 130; en++) {
            for (int ed : new int[] {Math.max(0, en - 1), rnd.nextInt(131), 0}) {
                System.arraycopy(x, 0, base, 0, len);
                PanamaPow.powers(base, len, rn, 3, en, rd, 1, ed);
                for (int i = 0; i < len; i++) {
                    assertEquals(Float.floatToIntBits(reference(x[i], en)), Float.floatToIntBits(rn[3 + i]),
                            "x = " + x[i] + ", en = " + en + " (with ed = " + ed + ")");
                    assertEquals(Float.floatToIntBits(reference(x[i], ed)), Float.floatToIntBits(rd[1 + i]),
                            "x = " + x[i] + ", ed = " + ed + " (with en = " + en + ")");
                }
            }
        }
    }
}
