package dev.engram.core.model.hopfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Recall;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Hebbian network's pattern (low-rank) form computes the same recall as the weight matrix: same final states,
 * same step counts and convergence, energies equal up to float rounding, for asynchronous and synchronous recall,
 * both diagonals, power-of-two and other N (K odd, and N even for diagonal=zero, odd for keep: then no field is ever
 * exactly 0, where the two forms may break the tie differently).
 */
class HopfieldPatternFormTest {

    private static HopfieldNetwork make(Registry r, int n, Map<String, String> params) {
        ModelProvider p = r.model("hopfield");
        return (HopfieldNetwork) p.create(new ModelContext(n, p.parseParams(params), r.kernels(), 5));
    }

    @ParameterizedTest
    @CsvSource({
        "100, 5, async, zero", "100, 25, async, zero", "128, 7, sync, zero", "201, 11, async, keep",
        "201, 11, sync, keep", "256, 13, async, zero", "1024, 51, async, zero", "1024, 51, sync, zero",
        "300, 21, sync, zero"})
    void patternFormRecallsExactlyAsTheWeights(int n, int k, String recall, String diagonal) {
        Registry r = Registry.load();
        SplittableRandom rng = new SplittableRandom(n * 31L + k);
        List<BipolarPattern> ps = new ArrayList<>();
        for (int mu = 0; mu < k; mu++) {
            ps.add(BipolarPattern.random(n, rng));
        }
        Map<String, String> params = Map.of("rule", "hebbian", "recall", recall, "diagonal", diagonal);
        HopfieldNetwork fast = make(r, n, params);
        HopfieldNetwork slow = make(r, n, params);
        fast.storeAll(ps.subList(0, k / 2));
        slow.storeAll(ps.subList(0, k / 2));
        for (BipolarPattern p : ps.subList(k / 2, k)) { // store() and storeAll() both keep the patterns
            fast.store(p);
            slow.store(p);
        }
        slow.disablePatternForm();
        assertTrue(fast.usesPatternForm());
        assertFalse(slow.usesPatternForm());
        int recalled = 0;
        for (int t = 0; t < 40; t++) {
            // from light noise (inside the basins) to random states (spurious attractors, 2-cycles in sync)
            BipolarPattern probe = t < 30 ? ps.get(t % k).flipRandom(1 + t * n / 80, rng) : BipolarPattern.random(n, rng);
            Recall<BipolarPattern> a = fast.recall(probe);
            Recall<BipolarPattern> b = slow.recall(probe);
            assertEquals(b.state(), a.state(), "probe " + t);
            assertEquals(b.steps(), a.steps(), "steps, probe " + t);
            assertEquals(b.converged(), a.converged(), "converged, probe " + t);
            assertEquals(b.energy(), a.energy(), 1e-4 * Math.max(1, Math.abs(b.energy())), "energy, probe " + t);
            if (a.state().equals(ps.get(t % k))) {
                recalled++;
            }
        }
        if (k <= 0.1 * n) {
            assertTrue(recalled >= 10, "light-noise probes should mostly come back below 0.1 N: " + recalled);
        }
    }

    @ParameterizedTest
    @CsvSource({"64, 16", "100, 25"})
    void patternFormStopsPastAQuarterOfN(int n, int quarter) {
        Registry r = Registry.load();
        SplittableRandom rng = new SplittableRandom(3);
        HopfieldNetwork h = make(r, n, Map.of("rule", "hebbian"));
        for (int mu = 0; mu < quarter; mu++) {
            h.store(BipolarPattern.random(n, rng));
        }
        assertTrue(h.usesPatternForm());
        h.store(BipolarPattern.random(n, rng));
        assertFalse(h.usesPatternForm());
        HopfieldNetwork decayed = make(r, n, Map.of("rule", "hebbian", "decay", "0.9"));
        decayed.store(BipolarPattern.random(n, rng));
        assertFalse(decayed.usesPatternForm(), "decay < 1 is not a plain sum of outer products");
    }
}
