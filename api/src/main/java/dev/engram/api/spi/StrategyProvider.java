package dev.engram.api.spi;

import dev.engram.api.learn.Strategy;

/**
 * Makes sequential-learning strategies of one kind. Found with {@link java.util.ServiceLoader} (register with
 * {@code @AutoService(StrategyProvider.class)}); needs a public no-argument constructor.
 *
 * <p>One instance serves every caller of a {@link Registry}, possibly on several threads: keep it stateless
 * (the strategies it makes hold the state).
 *
 * @since 0.2
 */
public interface StrategyProvider extends Provider {

    /**
     * The kind of provider, for messages.
     *
     * @return {@code strategy}
     */
    @Override
    default String kind() {
        return "strategy";
    }

    /**
     * A new strategy, with no state from earlier runs.
     *
     * @param context the validated parameters and the seed
     * @return the strategy, never null
     * @throws IllegalArgumentException when the parameters cannot be used together
     */
    Strategy create(StrategyContext context);
}
