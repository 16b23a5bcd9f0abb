package dev.engram.api;

import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What every model has: the name of the provider that made it, its dimension and parameters, and its
 * state as bytes (read back by the same provider's {@code read}). A model extends {@link AbstractModel}, which
 * holds the name, dimension, parameters and frozen flag, rather than implementing this interface from scratch.
 */
public interface Model {
    /** The name of the {@link dev.engram.api.spi.ModelProvider} that made this model (e.g. {@code dam}). */
    String providerName();

    /** Number of neurons (the length of the patterns it takes). */
    int dimension();

    /** The parameters it was made with. */
    Params params();

    /**
     * Writes the learned state (weights, stored memories, optimiser state) so that the provider's
     * {@code read} rebuilds an equal model. The container (magic, version, checksum) is not this method's job.
     */
    void writeState(DataOutput out) throws IOException;

    /**
     * Stops further learning so that recall may run from many threads at once. Storing or training a frozen
     * model throws {@link IllegalStateException}.
     */
    void freeze();

    boolean isFrozen();
}
