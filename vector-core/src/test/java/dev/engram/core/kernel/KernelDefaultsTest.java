package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@code default} bodies of the kernel operations added after the first release (what a third-party
 * {@code Kernels} written against the earlier interface gets) compute what the shipped scalar kernels compute.
 * A proxy runs every default method's own body and sends the other methods to {@link ScalarKernels}.
 */
class KernelDefaultsTest {

    /** Every default method runs its own body; the others go to {@link ScalarKernels}. */
    static final Kernels DEFAULTS = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(),
            new Class<?>[] {Kernels.class}, (InvocationHandler) (proxy, method, args) -> method.isDefault()
                    ? InvocationHandler.invokeDefault(proxy, method, args)
                    : method.invoke(ScalarKernels.INSTANCE, args));

    @Test
    void defaultsMatchTheScalarKernels() {
        Kernels d = DEFAULTS;
        Kernels s = ScalarKernels.INSTANCE;
        SplittableRandom r = new SplittableRandom(21);
        for (int len : new int[] {1, 7, 63, 64, 65, 200, 1000}) {
            int words = (len + 63) >>> 6;
            long[] bits = new long[5 * words];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = r.nextLong();
            }
            float[] y1 = new float[len + 2];
            float[] y2 = new float[len + 2];
            for (int i = 0; i < y1.length; i++) {
                y1[i] = y2[i] = r.nextInt(-50, 50);
            }
            d.axpyBipolar(2f, bits, words, y1, 1, len);
            s.axpyBipolar(2f, bits, words, y2, 1, len);
            for (int i = 0; i < y1.length; i++) {
                assertEquals(y2[i], y1[i], "axpyBipolar len " + len + " at " + i);
            }
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                v[i] = (float) r.nextDouble(-1, 1);
            }
            int[] rows = {4, 0, 2, 3, 1};
            float[] o1 = new float[6];
            float[] o2 = new float[6];
            d.dotsBipolar(v, 0, len, bits, words, rows, 0, 5, o1, 1);
            s.dotsBipolar(v, 0, len, bits, words, rows, 0, 5, o2, 1);
            for (int j = 0; j < 6; j++) {
                assertEquals(o2[j], o1[j], 1e-5 * len, "dotsBipolar len " + len + " row " + j);
            }
            float[] m = new float[len];
            for (int i = 0; i < len; i++) {
                m[i] = 100 - 2 * r.nextInt(101);
            }
            for (Interaction f : new Interaction[] {Interaction.polynomial(3), Interaction.rectified(5),
                Interaction.exponential()}) {
                float c = 1f / 100;
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                float[] w1 = new float[len];
                float[] w2 = new float[len];
                float c1 = d.damBipolarWeights(f, c, shift, m, len, w1);
                float c2 = s.damBipolarWeights(f, c, shift, m, len, w2);
                assertEquals(c2, c1, 1e-4 * Math.max(1, Math.abs(c2)) * len, f + " constant, len " + len);
                for (int i = 0; i < len; i++) {
                    assertEquals(w2[i], w1[i], 1e-5 * Math.max(1, Math.abs(w2[i])), f + " weight " + i);
                }
            }
        }
    }
}
