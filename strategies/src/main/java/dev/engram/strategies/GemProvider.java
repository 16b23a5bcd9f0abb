package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code gem}: Gradient Episodic Memory. */
@AutoService(StrategyProvider.class)
public final class GemProvider implements StrategyProvider {
    @Override
    public String name() {
        return GemStrategy.NAME;
    }

    @Override
    public String description() {
        return "Gradient Episodic Memory: project the update so no earlier task's memory gradient conflicts with it (Lopez-Paz & Ranzato 2017)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                GradientProjectionStrategy.MEMORY_PER_TASK,
                GradientProjectionStrategy.PROJECTION,
                GradientProjectionStrategy.REFERENCE);
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new GemStrategy(p.getInt("memory-per-task"),
                GradientProjectionStrategy.Projection.of(p.getString("projection")))
                .stepReferences(p.getString("reference").equals("step"));
    }
}
