package dev.engram.core.kernel.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species every Panama kernel uses, as {@code static final} constants so that C2 treats them as
 * constants. Loading this class requires the module {@code jdk.incubator.vector}.
 */
public final class PanamaSupport {
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Long> LONG = LongVector.SPECIES_PREFERRED;
    /** Int lanes of the same shape as {@link #FLOAT} (for sign-bit arithmetic on floats). */
    public static final VectorSpecies<Integer> INT = FLOAT.withLanes(int.class);
    /** Int lanes as many as {@link #LONG} has (half its width): the target of narrowing long lanes to int. */
    public static final VectorSpecies<Integer> INT_FOR_LONG =
            IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(LONG.vectorBitSize() / 2));

    private PanamaSupport() {
    }

    /** The preferred vector width of this machine in bits. */
    public static int preferredBitSize() {
        return FLOAT.vectorBitSize();
    }
}
