package dev.engram.strategies;

import com.google.auto.service.AutoService;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** Provides {@code pseudorehearsal}: rehearse the network's own attractors instead of stored items. */
@AutoService(StrategyProvider.class)
public final class PseudorehearsalProvider implements StrategyProvider {
    @Override
    public String name() {
        return PseudorehearsalStrategy.NAME;
    }

    @Override
    public String description() {
        return "rehearse attractors reached from random states instead of stored items (Robins 1995; Robins & McCallum 1998)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.ofInt("count", 64, 1, 1_000_000, "pseudo-items generated before each task after the first"),
                ParamSpec.ofInt("relaxation-steps", 5, 1, 10_000,
                        "recall passes through the network at most until a random state stops changing"),
                ParamSpec.ofDouble("replay-fraction", 1.0, 0.0, 1000.0,
                        "pseudo-items per batch as a fraction of the batch size (storage models: of the pseudo-items)"),
                ParamSpec.ofInt("attempts", 20, 1, 100_000,
                        "random states tried per wanted pseudo-item before giving up"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        Params p = context.params();
        return new PseudorehearsalStrategy(p.getInt("count"), p.getInt("relaxation-steps"),
                p.getDouble("replay-fraction"), p.getInt("attempts"));
    }
}
