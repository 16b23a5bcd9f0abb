package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code rehearsal}: a replay buffer of earlier tasks' items mixed into each batch. */
@AutoService(StrategyProvider.class)
public final class RehearsalProvider implements StrategyProvider {
    @Override
    public String name() {
        return RehearsalStrategy.NAME;
    }

    @Override
    public String description() {
        return "replay a buffer of earlier tasks' items mixed into each batch (Robins 1995)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.ofInt("buffer-size", 200, 1, 10_000_000, "items kept from earlier tasks"),
                ParamSpec.ofChoice("policy", "per-task-balanced", List.of("per-task-balanced", "reservoir"),
                        "which items the buffer keeps: an equal share per task, or a uniform reservoir sample"),
                ParamSpec.ofDouble("replay-fraction", 1.0, 0.0, 1000.0,
                        "replayed items per batch as a fraction of the batch size (storage models: of the task's items)"),
                ParamSpec.ofInt("replay-count", 0, 0, 10_000_000,
                        "replayed items per batch; 0 = use replay-fraction"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new RehearsalStrategy(p.getInt("buffer-size"), RehearsalStrategy.Policy.of(p.getString("policy")),
                p.getDouble("replay-fraction"), p.getInt("replay-count"));
    }
}
