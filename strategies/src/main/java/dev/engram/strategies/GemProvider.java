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
                ParamSpec.ofInt("memory-per-task", 32, 1, 10_000_000, "items of each finished task kept in the episodic memory"),
                ParamSpec.ofChoice("projection", "before", List.of("before", "after"),
                        "project the loss gradient before the model's optimiser, or the change it produced after it"),
                ParamSpec.ofChoice("reference", "step", List.of("step", "gradient"),
                        "projection=after: references are the model's own step for each memory gradient, or the negated gradients"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new GemStrategy(p.getInt("memory-per-task"),
                GradientProjectionStrategy.Projection.of(p.getString("projection")))
                .stepReferences(p.getString("reference").equals("step"));
    }
}
