package dev.engram.api.spi;

import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;

/**
 * What a model is made from: its dimension (neurons; for key-value memories the key dimension), its validated
 * parameters, the kernels to compute with, and the seed of all its randomness.
 */
public record ModelContext(int dimension, Params params, Kernels kernels, long seed) {
    public ModelContext {
        if (dimension <= 0) {
            throw new IllegalArgumentException("model dimension must be at least 1, got " + dimension);
        }
        if (params == null || kernels == null) {
            throw new IllegalArgumentException("params and kernels are required");
        }
    }
}
