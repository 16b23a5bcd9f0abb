package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code naive}: no protection against forgetting. */
@AutoService(StrategyProvider.class)
public final class NaiveProvider implements StrategyProvider {
    @Override
    public String name() {
        return NaiveStrategy.NAME;
    }

    @Override
    public String description() {
        return "learn each task in turn with no protection of earlier tasks (the baseline)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of();
    }

    @Override
    public Strategy create(StrategyContext context) {
        return new NaiveStrategy();
    }
}
