package dev.engram.testkit;

import dev.engram.api.BipolarMemory;
import dev.engram.api.kernel.Kernels;
import java.util.Map;

/** What a SmallDam (or a wrapper of one) promises the memory contract: 4 random patterns of dimension 32. */
abstract class SmallDamPromises<M extends BipolarMemory> extends BipolarMemoryContract<M> {

    /** The SmallDam these promises hold for. */
    static SmallDam model() {
        return SmallDam.create(32, Map.of("memories", 8, "epochs", 40, "temperature", 0.5), 3);
    }

    /** Training replaces store. */
    @Override
    protected boolean storesPatterns() {
        return false;
    }

    @Override
    protected int capacity() {
        return 4;
    }

    @Override
    protected Kernels kernels() {
        return SmallDamProvider.NO_KERNELS;
    }
}
