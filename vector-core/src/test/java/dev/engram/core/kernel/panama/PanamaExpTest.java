package dev.engram.core.kernel.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PanamaSupport#exp}: close to {@link Math#exp} everywhere, and the same bits interpreted and compiled
 * (the Vector API's EXP was not: a softmax differed before and after C2 compiled it).
 */
class PanamaExpTest {

    @BeforeAll
    static void vectorModule() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector not in the boot layer (run with --add-modules jdk.incubator.vector)");
    }

    /** exp of every value, one vector at a time (the tail padded with 0). */
    static float[] exps(float[] x) {
        int fl = PanamaSupport.FL;
        float[] padded = java.util.Arrays.copyOf(x, (x.length + fl - 1) / fl * fl);
        float[] out = new float[padded.length];
        for (int i = 0; i < padded.length; i += fl) {
            PanamaSupport.exp(FloatVector.fromArray(PanamaSupport.F, padded, i)).intoArray(out, i);
        }
        return java.util.Arrays.copyOf(out, x.length);
    }

    static float[] sample() {
        List<Float> v = new ArrayList<>(List.of(0f, -0f, 1f, -1f, 88.7f, 88.72f, 88.73f, 89f, 100f, -87.3f, -87.4f,
                -100f, -103f, -103.5f, -104f, -110f, -1e30f, 1e30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, 0.3465736f, -0.3465736f, 0.6931472f));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            v.add((float) (-104 + r.nextDouble() * 193));
        }
        for (int i = 0; i < 5_000; i++) {
            v.add((float) (r.nextDouble() * 2 - 1));
        }
        float[] x = new float[v.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = v.get(i);
        }
        return x;
    }

    @Test
    void within2UlpOfMathExp() {
        float[] x = sample();
        float[] got = exps(x);
        for (int i = 0; i < x.length; i++) {
            float want = (float) Math.exp(x[i]);
            if (Float.isNaN(want)) {
                assertTrue(Float.isNaN(got[i]), "exp(" + x[i] + ") = " + got[i]);
            } else if (want == 0f || Float.isInfinite(want)) {
                // the edges: 0 below about -103.3 and +inf above about 88.72, possibly one subnormal step away
                assertTrue(got[i] == want || Math.abs(got[i] - want) <= 2 * Float.MIN_VALUE
                        || (Float.isInfinite(want) && got[i] >= Float.MAX_VALUE * 0.9999f), "exp(" + x[i] + ") = " + got[i]);
            } else if (want < Float.MIN_NORMAL) {
                // subnormal results: rounded twice (2^n in two factors), within two subnormal steps
                assertTrue(Math.abs(got[i] - want) <= 2 * Float.MIN_VALUE, "exp(" + x[i] + ") = " + got[i] + ", want " + want);
            } else {
                assertTrue(Math.abs(got[i] - want) <= 2 * Math.ulp(want),
                        "exp(" + x[i] + ") = " + got[i] + ", Math.exp " + want + " (" + Math.abs(got[i] - want) / Math.ulp(want) + " ulp)");
            }
        }
    }

    /** The bits of exp over {@link #sample}, as a hash; printed by {@link #main} in a child JVM. */
    static long hash(float[] v) {
        long h = 17;
        for (float f : v) {
            h = h * 31 + Float.floatToRawIntBits(f);
        }
        return h;
    }

    /** Prints {@link #hash} of exp over the sample, computed once (interpreted under -Xint). */
    public static void main(String[] args) {
        System.out.println("hash=" + hash(exps(sample())));
    }

    @Test
    void theSameBitsInterpretedAndCompiled() throws IOException, InterruptedException {
        float[] x = sample();
        for (int i = 0; i < 300; i++) {
            exps(x);           // let C2 compile it
        }
        long compiled = hash(exps(x));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), PanamaExpTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        String line = out.lines().filter(l -> l.startsWith("hash=")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertEquals(compiled, Long.parseLong(line.substring(5)), "interpreted and compiled exp differ");
    }
}
