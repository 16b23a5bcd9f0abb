package dev.engram.testkit;

import java.util.Map;

/** The kit's own model keeps the trainable-model contract. */
class SmallDamTrainableContractTest extends TrainableModelContract<SmallDam> {
    @Override
    protected SmallDam newModel() {
        return SmallDam.create(20, Map.of("memories", 4, "epochs", 5), 1);
    }
}
