package dev.engram.core.kernel.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species every Panama kernel uses, as {@code static final} constants so that C2 treats them as
 * constants, and what the kernel families share. Loading this class requires the module {@code jdk.incubator.vector}.
 */
public final class PanamaSupport {
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Long> LONG = LongVector.SPECIES_PREFERRED;
    /** Int lanes of the same shape as {@link #FLOAT} (for sign-bit arithmetic on floats). */
    public static final VectorSpecies<Integer> INT = FLOAT.withLanes(int.class);
    /** Int lanes as many as {@link #LONG} has (half its width): the target of narrowing long lanes to int. */
    public static final VectorSpecies<Integer> INT_FOR_LONG =
            IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(LONG.vectorBitSize() / 2));

    // The short names the kernel bodies use (static imports in the family classes), and the lane counts.
    static final VectorSpecies<Float> F = FLOAT;
    static final VectorSpecies<Long> L = LONG;
    static final VectorSpecies<Integer> I = INT;
    static final int FL = F.length();
    static final int LL = L.length();
    /** The low {@code FL} bits set: one float vector's worth of packed bits. */
    static final long FL_MASK = FL == 64 ? -1L : (1L << FL) - 1;

    private PanamaSupport() {
    }

    /** The preferred vector width of this machine in bits. */
    public static int preferredBitSize() {
        return FLOAT.vectorBitSize();
    }

    /**
     * Sum of the lanes in index order. {@code reduceLanes(ADD)} on floats has no specified order, and C2
     * reorders it (JDK 23+) while the interpreter sums sequentially, so a kernel's result depended on whether
     * it was compiled yet: the same seed gave different numbers within one JVM (seen as flaky resume and
     * same-seed tests). Lane-wise add, mul and fma are exact IEEE operations in both modes, so with this
     * reduction the float kernels (all but the EXP-based ones) give the same bits interpreted or compiled.
     */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < FL; l++) {
            s += v.lane(l);
        }
        return s;
    }
}
