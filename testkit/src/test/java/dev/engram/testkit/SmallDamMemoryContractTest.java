package dev.engram.testkit;

/** The kit's own model keeps the memory contract. */
class SmallDamMemoryContractTest extends SmallDamPromises<SmallDam> {
    @Override
    protected SmallDam newModel() {
        return model();
    }
}
