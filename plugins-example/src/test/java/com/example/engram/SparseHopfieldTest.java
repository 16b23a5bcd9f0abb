package com.example.engram;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseHopfieldTest {
    private static final Registry REGISTRY = Registry.load();

    private static BipolarMemory model(int n, Map<String, ?> params) {
        ModelProvider p = REGISTRY.model("sparse-hopfield");
        return (BipolarMemory) p.create(new ModelContext(n, p.parseParams(params), REGISTRY.kernels(), 11));
    }

    /** A pattern with exactly round(a n) components +1. */
    private static BipolarPattern sparse(int n, double a, SplittableRandom r) {
        return BipolarPattern.constant(n, -1).flipRandom((int) Math.round(a * n), r);
    }

    /** Fraction of stored patterns recalled exactly from probes with {@code noise} of their active bits moved. */
    private static double recallRate(int n, double a, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BipolarMemory m = model(n, Map.of("activity", a, "threshold", 0.5 - a));
        List<BipolarPattern> patterns = new ArrayList<>();
        for (int mu = 0; mu < k; mu++) {
            patterns.add(sparse(n, a, r));
        }
        m.storeAll(patterns);
        int ok = 0;
        for (BipolarPattern p : patterns) {
            // corrupt: switch off 10% of the active neurons and switch on as many silent ones
            BipolarPattern probe = p;
            int moved = (int) Math.round(0.1 * a * n);
            for (int j = 0; j < moved; j++) {
                int on;
                do {
                    on = r.nextInt(n);
                } while (!probe.isPlus(on) || !p.isPlus(on));
                int off;
                do {
                    off = r.nextInt(n);
                } while (probe.isPlus(off) || p.isPlus(off));
                probe = probe.with(on, -1).with(off, 1);
            }
            if (m.recall(probe).state().equals(p)) {
                ok++;
            }
        }
        return (double) ok / k;
    }

    @Test
    void sparsePatternsAreStoredFarBeyondTheDenseCapacity() {
        // N = 800, activity 0.05: the crosstalk noise on a field has variance about K a / N, against a
        // margin of 0.5 around the threshold. K = 0.25 N = 200 patterns (1.8 times the dense network's 0.14 N)
        // come back exactly from probes with 10% of their active bits moved ...
        double loaded = recallRate(800, 0.05, 200, 1);
        assertTrue(loaded >= 0.95, "recall at K = 0.25N was " + loaded);
        // ... and the network does have a limit: at K = N the noise (std ~ 0.22) breaks exact recall.
        double overloaded = recallRate(800, 0.05, 800, 2);
        System.out.printf("sparse-hopfield N=800 a=0.05: exact recall %.3f at K=0.25N, %.3f at K=N%n", loaded, overloaded);
        assertTrue(overloaded < 0.5, "recall at K = N was " + overloaded);
    }

    @Test
    void anOutOfRangeParameterIsRefusedNamingTheRange() {
        // store, recall, energy, dimensions, freezing, saving and concurrency: SparseHopfieldContractTest
        ModelProvider p = REGISTRY.model("sparse-hopfield");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.parseParams(Map.of("activity", "0.9")));
        assertTrue(e.getMessage().contains("activity") && e.getMessage().contains("[0.001, 0.5]"), e.getMessage());
    }
}
