package dev.engram.api.spi;

import dev.engram.api.learn.Strategy;

/**
 * Makes sequential-learning strategies of one kind. Found with {@link java.util.ServiceLoader} (register with
 * {@code @AutoService(StrategyProvider.class)}); needs a public no-argument constructor.
 */
public interface StrategyProvider extends Provider {

    @Override
    default String kind() {
        return "strategy";
    }

    Strategy create(StrategyContext context);
}
