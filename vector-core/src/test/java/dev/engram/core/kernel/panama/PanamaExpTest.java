package dev.engram.core.kernel.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Panama kernels' own vector exp: within about 1 ulp of {@code Math.exp} on normal results, right at the
 * edges (overflow, underflow, subnormals, NaN, ±0), and built only from operations whose IEEE results do not
 * depend on compilation, so interpreted and compiled calls agree bit for bit (checked here by calling it before
 * and after it has been compiled: the first calls run in the interpreter).
 */
class PanamaExpTest {

    @BeforeEach
    void needsTheVectorModule() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the Vector API module is not in this JVM (scalar-fallback run)");
    }

    private static float[] expOf(float[] in) {
        int fl = PanamaSupport.FLOAT.length();
        float[] out = new float[in.length];
        for (int i = 0; i + fl <= in.length; i += fl) {
            PanamaKernels.exp(FloatVector.fromArray(PanamaSupport.FLOAT, in, i)).intoArray(out, i);
        }
        return out;
    }

    @Test
    void withinOneUlpOfMathExpAndExactAtTheEdges() {
        int fl = PanamaSupport.FLOAT.length();
        SplittableRandom r = new SplittableRandom(42);
        float[] in = new float[fl * 4096];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextDouble(-110, 95);
        }
        float[] special = {0f, -0f, 1f, -1f, 88.7f, 88.72283f, 88.8f, -87.3f, -100f, -103.9f, -104f, -200f, 200f,
            Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-8f, -1e-8f, 0.34657359f, -0.34657359f};
        System.arraycopy(special, 0, in, 0, special.length);
        float[] first = expOf(in); // mostly interpreted
        double worst = 0;
        for (int i = 0; i < in.length; i++) {
            float x = in[i];
            float want = (float) Math.exp(x);
            float got = first[i];
            if (Float.isNaN(x)) {
                assertTrue(Float.isNaN(got), "exp(NaN)");
            } else if (Float.isInfinite(want) || want == 0f) {
                assertEquals(want, got, "exp(" + x + ")");
            } else if (want < Float.MIN_NORMAL) {
                assertEquals(want, got, 2 * Float.MIN_VALUE, "subnormal exp(" + x + ")");
            } else {
                double ulps = Math.abs(got - Math.exp(x)) / Math.ulp(want);
                worst = Math.max(worst, ulps);
                assertTrue(ulps <= 1.5, "exp(" + x + ") = " + got + ", want " + want + " (" + ulps + " ulp)");
            }
        }
        assertEquals(1f, first[0]);
        assertEquals(1f, first[1]);
        for (int rep = 0; rep < 300; rep++) { // until C2 has compiled exp
            expOf(in);
        }
        float[] later = expOf(in);
        for (int i = 0; i < in.length; i++) {
            assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(later[i]),
                    "exp(" + in[i] + ") before and after compilation");
        }
        System.out.println("vector exp: worst " + worst + " ulp over " + in.length + " arguments");
    }
}
