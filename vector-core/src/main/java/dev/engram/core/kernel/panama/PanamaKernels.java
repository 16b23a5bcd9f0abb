package dev.engram.core.kernel.panama;

import dev.engram.core.kernel.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK Vector API. Extends the scalar reference so that an operation not (yet) vectorised
 * falls back to it; every override is tested against the scalar one.
 */
public final class PanamaKernels extends ScalarKernels {
    public static final PanamaKernels INSTANCE = new PanamaKernels();
    private static final VectorSpecies<Float> F = PanamaSupport.FLOAT;

    private PanamaKernels() {
    }

    @Override
    public String name() {
        return "panama";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        if (len < 2 * F.length()) {
            return super.dot(a, aOff, b, bOff, len);
        }
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int step = F.length();
        int i = 0;
        int bound = len - (len % (2 * step));
        for (; i < bound; i += 2 * step) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + step).fma(FloatVector.fromArray(F, b, bOff + i + step), acc1);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }
}
