package dev.engram.api.spi;

import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;

/**
 * What a model is made from: its dimension (neurons; for key-value memories the key dimension), its validated
 * parameters, the kernels to compute with, and the seed of all its randomness.
 *
 * @param dimension the number of neurons (for key-value memories the key dimension), at least 1
 * @param params    the parameters, validated against the provider's {@link Provider#parameters()}
 * @param kernels   the numeric kernels to compute with
 * @param seed      the seed of all the model's randomness (0 when loading: the model keeps its own in its state)
 *
 * @since 0.2
 */
public record ModelContext(int dimension, Params params, Kernels kernels, long seed) {
    /**
     * Checks the components.
     *
     * @param dimension the number of neurons
     * @param params    the validated parameters
     * @param kernels   the kernels
     * @param seed      the seed
     * @throws IllegalArgumentException when {@code dimension < 1} or {@code params} or {@code kernels} is null
     */
    public ModelContext {
        if (dimension <= 0) {
            throw new IllegalArgumentException("model dimension must be at least 1, got " + dimension);
        }
        if (params == null || kernels == null) {
            throw new IllegalArgumentException("params and kernels are required");
        }
    }
}
