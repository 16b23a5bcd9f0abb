package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code agem}: Averaged Gradient Episodic Memory. */
@AutoService(StrategyProvider.class)
public final class AgemProvider implements StrategyProvider {
    @Override
    public String name() {
        return AgemStrategy.NAME;
    }

    @Override
    public String description() {
        return "Averaged GEM: project the update when it conflicts with one reference gradient from a memory batch (Chaudhry et al. 2019)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                GradientProjectionStrategy.MEMORY_PER_TASK,
                ParamSpec.ofInt("memory-batch", 64, 1, 10_000_000, "memory items drawn for the reference gradient at each step"),
                GradientProjectionStrategy.PROJECTION,
                GradientProjectionStrategy.REFERENCE);
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new AgemStrategy(p.getInt("memory-per-task"), p.getInt("memory-batch"),
                GradientProjectionStrategy.Projection.of(p.getString("projection")))
                .stepReferences(p.getString("reference").equals("step"));
    }
}
