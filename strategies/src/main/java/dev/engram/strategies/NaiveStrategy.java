package dev.engram.strategies;

import dev.engram.api.learn.Strategy;

/** Learns each task in turn with no protection of earlier tasks: the baseline every other strategy is compared to. */
public final class NaiveStrategy implements Strategy {
    /** The provider name. */
    public static final String NAME = "naive";

    @Override
    public String providerName() {
        return NAME;
    }
}
