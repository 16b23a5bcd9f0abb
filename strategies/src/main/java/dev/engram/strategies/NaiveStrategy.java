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

    /** Naive is the absence of a strategy: a composition with it would be the other parts alone. */
    @Override
    public String whyNotCombinable() {
        return "naive means no strategy; leave it out (rehearsal+ewc, not naive+ewc)";
    }
}
