package dev.engram.api;

/**
 * A key-to-value memory (Tyulmankov et al. 2021): writes are gated by a global third factor {@code q}; reads
 * return the value associated with the key closest to the query. Its {@link #dimension()} is the key dimension.
 *
 * <p>Writes and {@link #reset()} are for one thread at a time; after {@link #freeze()} reads may run from many.
 *
 * @since 0.2
 */
public interface KeyValueMemory extends Model {

    /**
     * Dimension of keys (the query).
     *
     * @return the key dimension, equal to {@link #dimension()}
     */
    int keyDimension();

    /**
     * Dimension of values (the output).
     *
     * @return the value dimension, at least 1
     */
    int valueDimension();

    /**
     * One time step: the memory sees {@code key} and {@code value}; {@code q} (0 or 1 in the paper) gates
     * whether it is written.
     *
     * @param key   the key, of {@link #keyDimension()}
     * @param value the value, of {@link #valueDimension()}
     * @param q     the write gate (third factor), from 0 to 1: 0 writes nothing, 1 writes the association fully
     *              (the memory's time step may still advance, as the model defines)
     * @throws DimensionMismatchException when the key or value has the wrong dimension (built-in models)
     * @throws IllegalArgumentException   when {@code q} is outside [0, 1]
     * @throws IllegalStateException    when the memory is frozen
     */
    void write(RealVector key, RealVector value, float q);

    /**
     * The value read for {@code query} (0 = unknown component).
     *
     * @param query the query, of {@link #keyDimension()}
     * @return the value, of {@link #valueDimension()}
     * @throws DimensionMismatchException when the query has the wrong dimension (built-in models)
     */
    RealVector read(RealVector query);

    /**
     * Forgets everything (a new episode).
     *
     * @throws IllegalStateException when the memory is frozen
     */
    void reset();
}
