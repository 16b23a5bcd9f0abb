package dev.engram.bench.peers;

/** Prints the preferred float vector width of this JVM in bits (for the FMA peak in bench/run-batch.sh). */
public final class VectorBits {
    private VectorBits() {
    }

    public static void main(String[] args) {
        System.out.println(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
    }
}
