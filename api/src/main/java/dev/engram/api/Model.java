package dev.engram.api;

import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What every model has: the name of the provider that made it, its dimension and parameters, and its
 * state as bytes (read back by the same provider's {@code read}). A model extends {@link AbstractModel}, which
 * holds the name, dimension, parameters and frozen flag, rather than implementing this interface from scratch.
 *
 * <p>The accessors are safe from any thread. Learning is for one thread at a time; after {@link #freeze()} the
 * model's read methods (recall, energy, fields, reads) may run from many threads at once.
 *
 * @since 0.2
 */
public interface Model {
    /**
     * The name of the {@link dev.engram.api.spi.ModelProvider} that made this model (e.g. {@code dam}).
     *
     * @return the provider's name, which model files record to find the provider again
     */
    String providerName();

    /**
     * Number of neurons (the length of the patterns it takes).
     *
     * @return the dimension, at least 1
     */
    int dimension();

    /**
     * The parameters it was made with.
     *
     * @return the validated parameters, defaults filled in
     */
    Params params();

    /**
     * Writes the learned state (weights, stored memories, optimiser state) so that the provider's
     * {@code read} rebuilds an equal model. The container (magic, version, checksum) is not this method's job.
     *
     * @param out where to write; the method does not close it
     * @throws IOException when {@code out} fails
     */
    void writeState(DataOutput out) throws IOException;

    /**
     * Stops further learning so that recall may run from many threads at once. Storing or training a frozen
     * model throws {@link IllegalStateException}. Freezing is permanent; freezing a frozen model does nothing.
     */
    void freeze();

    /**
     * Whether {@link #freeze()} has been called.
     *
     * @return {@code true} once the model is frozen
     */
    boolean isFrozen();
}
