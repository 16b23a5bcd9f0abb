package dev.engram.api.spi;

import dev.engram.api.param.Params;

/** What a strategy is made from: its validated parameters and the seed of all its randomness. */
public record StrategyContext(Params params, long seed) {
    public StrategyContext {
        if (params == null) {
            throw new IllegalArgumentException("params are required");
        }
    }
}
