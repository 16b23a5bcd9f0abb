package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code si}: Synaptic Intelligence. */
@AutoService(StrategyProvider.class)
public final class SiProvider implements StrategyProvider {
    @Override
    public String name() {
        return SiStrategy.NAME;
    }

    @Override
    public String description() {
        return "Synaptic Intelligence: quadratic penalty weighted by each parameter's path-integral contribution to the loss (Zenke et al. 2017)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.ofDouble("c", 1.0, 0.0, 1e12, "penalty strength c in c/2 Σ Ω_i (θ_i − θ*_i)²"),
                ParamSpec.ofDouble("xi", 0.1, 1e-12, 1e6, "damping ξ in Ω_i = ω_i / (Δθ_i² + ξ)"),
                ParamSpec.ofBoolean("normalise", false,
                        "divide each task's importance by its largest entry, making the strength relative"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new SiStrategy(p.getDouble("c"), p.getDouble("xi")).normalise(p.getBoolean("normalise"));
    }
}
