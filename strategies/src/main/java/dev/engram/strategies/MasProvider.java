package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code mas}: Memory Aware Synapses. */
@AutoService(StrategyProvider.class)
public final class MasProvider implements StrategyProvider {
    @Override
    public String name() {
        return MasStrategy.NAME;
    }

    @Override
    public String description() {
        return "Memory Aware Synapses: quadratic penalty weighted by the sensitivity of the squared output norm (Aljundi et al. 2018)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.ofDouble("lambda", 1.0, 0.0, 1e12, "penalty strength λ in λ/2 Σ Ω_i (θ_i − θ*_i)²"),
                ParamSpec.ofInt("samples", 0, 0, 10_000_000,
                        "items of the task the importance is averaged over (a random subset); 0 = all"),
                ParamSpec.ofBoolean("normalise", false,
                        "divide each task's importance by its largest entry, making the strength relative"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new MasStrategy(p.getDouble("lambda"), p.getInt("samples")).normalise(p.getBoolean("normalise"));
    }
}
