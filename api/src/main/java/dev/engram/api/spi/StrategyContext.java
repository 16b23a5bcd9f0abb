package dev.engram.api.spi;

import dev.engram.api.param.Params;

/**
 * What a strategy is made from: its validated parameters and the seed of all its randomness.
 *
 * @param params the parameters, validated against the provider's {@link Provider#parameters()}
 * @param seed   the seed of all the strategy's randomness
 * @since 0.2
 */
public record StrategyContext(Params params, long seed) {
    /**
     * Checks the components.
     *
     * @param params the validated parameters
     * @param seed   the seed
     * @throws IllegalArgumentException when {@code params} is null
     */
    public StrategyContext {
        if (params == null) {
            throw new IllegalArgumentException("params are required");
        }
    }
}
