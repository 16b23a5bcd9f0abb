package com.example.engram;

import dev.engram.api.Model;
import dev.engram.api.learn.Strategy;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.testkit.StrategyContract;
import java.util.List;
import java.util.Map;

/** The example strategy keeps the testkit's strategy contract (trained with the kit's SmallDam). */
class L2AnchorContractTest extends StrategyContract {
    static final Registry REGISTRY = Registry.load();

    @Override
    protected Strategy newStrategy() {
        return new L2AnchorStrategyProvider.L2Anchor(10.0);
    }

    /** A Hebbian network does not learn by gradient: there is nothing for an L2 pull to act on. */
    @Override
    protected List<Model> incompatibleModels() {
        ModelProvider p = REGISTRY.model("sparse-hopfield");
        return List.of(p.create(new ModelContext(16, p.parseParams(Map.of()), REGISTRY.kernels(), 1)));
    }
}
