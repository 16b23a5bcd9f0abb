package dev.engram.api;

/** An autoassociative memory over real-valued vectors (the continuous modern Hopfield network). */
public interface RealMemory extends Model {

    void store(RealVector pattern);

    int size();

    /** Retrieves from {@code probe} (0 = unknown component). */
    Recall<RealVector> recall(RealVector probe);

    double energy(RealVector state);
}
