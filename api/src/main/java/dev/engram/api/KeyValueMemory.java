package dev.engram.api;

/**
 * A key-to-value memory (Tyulmankov et al. 2021): writes are gated by a global third factor {@code q}; reads
 * return the value associated with the key closest to the query.
 */
public interface KeyValueMemory extends Model {

    /** Dimension of keys (the query). */
    int keyDimension();

    /** Dimension of values (the output). */
    int valueDimension();

    /**
     * One time step: the memory sees {@code key} and {@code value}; {@code q} (0 or 1 in the paper) gates
     * whether it is written.
     */
    void write(RealVector key, RealVector value, float q);

    /** The value read for {@code query} (0 = unknown component). */
    RealVector read(RealVector query);

    /** Forgets everything (a new episode). */
    void reset();
}
