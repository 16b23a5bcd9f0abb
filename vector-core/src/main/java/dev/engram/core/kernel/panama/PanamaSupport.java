package dev.engram.core.kernel.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species every Panama kernel uses, as {@code static final} constants so that C2 treats them as
 * constants. Loading this class requires the module {@code jdk.incubator.vector}.
 */
public final class PanamaSupport {
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Long> LONG = LongVector.SPECIES_PREFERRED;

    private PanamaSupport() {
    }

    /** The preferred vector width of this machine in bits. */
    public static int preferredBitSize() {
        return FLOAT.vectorBitSize();
    }
}
