package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code ewc}: Elastic Weight Consolidation with a diagonal empirical Fisher. */
@AutoService(StrategyProvider.class)
public final class EwcProvider implements StrategyProvider {
    @Override
    public String name() {
        return EwcStrategy.NAME;
    }

    @Override
    public String description() {
        return "Elastic Weight Consolidation: quadratic penalty weighted by the diagonal Fisher (Kirkpatrick et al. 2017)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.ofDouble("lambda", 100.0, 0.0, 1e12, "penalty strength λ in λ/2 Σ F_i (θ_i − θ*_i)²"),
                ParamSpec.ofChoice("mode", "separate", List.of("separate", "online"),
                        "one penalty per finished task, or one running Fisher decayed by gamma (online EWC)"),
                ParamSpec.ofDouble("gamma", 1.0, 0.0, 1.0, "online mode: decay of the running Fisher, F ← γF + F_task"),
                ParamSpec.ofInt("samples", 0, 0, 10_000_000,
                        "items of the task the Fisher is averaged over (a random subset); 0 = all"),
                ParamSpec.ofBoolean("normalise", false,
                        "divide each task's importance by its largest entry, making the strength relative"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new EwcStrategy(p.getDouble("lambda"), ImportancePenaltyStrategy.Mode.of(p.getString("mode")),
                p.getDouble("gamma"), p.getInt("samples")).normalise(p.getBoolean("normalise"));
    }
}
