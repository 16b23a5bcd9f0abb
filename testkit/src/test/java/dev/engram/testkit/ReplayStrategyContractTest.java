package dev.engram.testkit;

import dev.engram.api.AbstractModel;
import dev.engram.api.Model;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.util.List;

/** A correct strategy keeps the strategy contract. */
class ReplayStrategyContractTest extends StrategyContract {
    /** A model that neither trains nor stores. */
    static Model plainModel() {
        return new AbstractModel("plain", 8, Params.defaults("model 'plain'", List.of())) {
            @Override
            public void writeState(DataOutput out) {
            }
        };
    }

    @Override
    protected Strategy newStrategy() {
        return new ReplayStrategy();
    }

    @Override
    protected List<Model> incompatibleModels() {
        return List.of(plainModel());
    }
}
