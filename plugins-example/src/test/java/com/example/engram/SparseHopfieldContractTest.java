package com.example.engram;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.testkit.BipolarMemoryContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The example model keeps the testkit's memory contract, on sparse patterns (its kind). */
class SparseHopfieldContractTest extends BipolarMemoryContract<BipolarMemory> {
    static final int N = 100;

    @Override
    protected BipolarMemory newModel() {
        ModelProvider p = registry().model("sparse-hopfield");
        return (BipolarMemory) p.create(new ModelContext(N, p.parseParams(Map.of()), registry().kernels(), 11));
    }

    /** Patterns with activity 0.1 (10 of 100 components +1), as the model's default activity expects. */
    @Override
    protected List<BipolarPattern> patterns(int dimension, RandomGenerator random) {
        List<BipolarPattern> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            out.add(BipolarPattern.constant(dimension, -1).flipRandom(dimension / 10, random));
        }
        return out;
    }
}
