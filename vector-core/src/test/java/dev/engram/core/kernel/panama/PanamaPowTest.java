package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PanamaDam#pow}: the bits of the scalar reference's repeated squaring ({@code ScalarKernels.pow}) for every
 * exponent, through the unrolled branches (n &lt; 128) and the loop (n ≥ 128).
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
        float[] x = new float[FL];
        float[] got = new float[FL];
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < FL; i++) {
                // around 1, where high powers neither vanish nor overflow, and some negatives
                x[i] = (float) (rnd.nextBoolean() ? 1 + rnd.nextGaussian() * 0.05 : rnd.nextDouble(-1.2, 1.2));
            }
            FloatVector v = FloatVector.fromArray(F, x, 0);
            for (int n = 0; n <= 200; n++) {
                PanamaDam.pow(v, n).intoArray(got, 0);
                for (int i = 0; i < FL; i++) {
                    assertEquals(Float.floatToIntBits(reference(x[i], n)), Float.floatToIntBits(got[i]),
                            "x = " + x[i] + ", n = " + n);
                }
            }
        }
    }
}
