package dev.engram.core.model.modern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Recall;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import dev.engram.core.model.TestModels;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModernHopfieldTest {

    @Test
    void retrievesEachOfTenThousandPatternsInOneStepFromTwentyPercentMasked() throws Exception {
        TestModels.heavy();
        int n = 128;
        int k = 10_000;
        List<BipolarPattern> ps = TestModels.randomPatterns(k, n, 101);
        RealMemory m = (RealMemory) TestModels.create("modern", n, 1L, TestModels.selected(), Map.of());
        for (BipolarPattern p : ps) {
            m.store(p.toRealVector());
        }
        m.freeze();
        int threads = 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> parts = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    RecallWorkspace ws = m.newWorkspace();
                    float[] out = new float[n];
                    int ok = 0;
                    int steps = 0;
                    for (int mu = part; mu < k; mu += threads) {
                        SplittableRandom rng = new SplittableRandom(1000 + mu);
                        float[] probe = RealVector.masked(ps.get(mu), 0.2, rng).toArray();
                        m.recallInto(probe, out, ws);
                        steps += ws.steps();
                        if (BipolarPattern.signOf(out).equals(ps.get(mu))) {
                            ok++;
                        }
                    }
                    return new int[] {ok, steps};
                }));
            }
            int ok = 0;
            int steps = 0;
            for (Future<int[]> f : parts) {
                ok += f.get()[0];
                steps += f.get()[1];
            }
            System.out.printf("modern N=128 K=10000 beta=1/sqrt(N), one step from 20%% masked: %d of %d%n", ok, k);
            assertEquals(k, ok, "patterns retrieved (sign of the one-step output)");
            assertEquals(k, steps, "one step each");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void iteratedRetrievalConvergesToTheStoredPattern() {
        int n = 64;
        List<BipolarPattern> ps = TestModels.randomPatterns(200, n, 102);
        RealMemory m = (RealMemory) TestModels.create("modern", n, 1L, Map.of("beta", 0.5, "max-steps", 20,
                "epsilon", 1e-5));
        ps.forEach(p -> m.store(p.toRealVector()));
        Recall<RealVector> r = m.recall(RealVector.masked(ps.get(7), 0.3, new SplittableRandom(3)));
        assertTrue(r.converged());
        float[] s = r.state().toArray();
        float[] want = ps.get(7).toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], s[i], 1e-3);
        }
        assertTrue(r.energy() < m.energy(RealVector.masked(ps.get(7), 0.3, new SplittableRandom(3))));
    }

    @Test
    void badInputIsRejected() {
        RealMemory m = (RealMemory) TestModels.create("modern", 8, 1L, Map.of());
        assertThrows(IllegalArgumentException.class, () -> m.store(RealVector.zeros(9)));
        assertThrows(IllegalArgumentException.class, () -> TestModels.create("modern", 8, 1L, Map.of("beta", -1)));
        float[] nan = new float[8];
        nan[2] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> m.recallInto(nan, new float[8], m.newWorkspace()));
        m.freeze();
        assertThrows(IllegalStateException.class, () -> m.store(RealVector.zeros(8)));
    }
}
