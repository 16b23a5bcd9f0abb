package dev.engram.core.model.hopfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Recall;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.core.model.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HopfieldNetworkTest {
    static final int N = 200;

    static BipolarMemory hopfield(Map<String, ?> params) {
        return (BipolarMemory) TestModels.create("hopfield", N, 7L, params);
    }

    /** Mean exact-recall rate over 20 independent networks (one network of 16 patterns is too few to measure 95%). */
    static double hebbianRate(int k, long seed) {
        double sum = 0;
        for (int t = 0; t < 20; t++) {
            List<BipolarPattern> ps = TestModels.randomPatterns(k, N, seed + 100 * t);
            BipolarMemory m = hopfield(Map.of());
            m.storeAll(ps);
            sum += TestModels.recallRate(m, ps, N / 10, seed + 100 * t + 1);
        }
        return sum / 20;
    }

    @Test
    void hebbianRecallsBelowCapacityAndFailsAbove() {
        double lowRate = hebbianRate(16, 1); // K = 0.08 N
        double highRate = hebbianRate(40, 2); // K = 0.2 N
        System.out.printf("hebbian N=200 (20 networks each): K=16 %.3f, K=40 %.3f%n", lowRate, highRate);
        assertTrue(lowRate >= 0.95, "K=0.08N recall " + lowRate);
        assertTrue(highRate < 0.5, "K=0.2N recall " + highRate);
    }

    @Test
    void syncRecallAlsoWorksBelowCapacity() {
        List<BipolarPattern> low = TestModels.randomPatterns(16, N, 1);
        BipolarMemory m = hopfield(Map.of("recall", "sync"));
        m.storeAll(low);
        assertTrue(TestModels.recallRate(m, low, N / 10, 11) >= 0.9);
    }

    @Test
    void storkeyAndPseudoinverseStoreMoreThanHebbian() {
        List<BipolarPattern> ps = TestModels.randomPatterns(40, N, 2); // 0.2 N: Hebbian fails here
        for (String rule : List.of("storkey", "pseudoinverse", "delta")) {
            BipolarMemory m = hopfield(Map.of("rule", rule));
            m.storeAll(ps);
            double rate = TestModels.recallRate(m, ps, N / 20, 13);
            System.out.printf("%s N=200 K=40: %.3f%n", rule, rate);
            assertTrue(rate >= 0.9, rule + " recall " + rate);
        }
    }

    @Test
    void deltaRuleTrainsThroughSequentialTrainer() {
        List<BipolarPattern> ps = TestModels.randomPatterns(40, N, 3);
        BipolarMemory m = hopfield(Map.of("rule", "delta"));
        TrainableModel tm = assertInstanceOf(TrainableModel.class, m);
        Task task = new Task("t", ps.stream().map(Item::of).toList(), List.of(), Scoring.exact());
        new SequentialTrainer(tm, () -> "naive", 5).learn(0, task);
        float[] grad = new float[tm.parameterCount()];
        assertEquals(0.0, tm.lossAndGradient(task.items(), grad), 1e-9, "every pattern is stable after training");
        assertTrue(TestModels.recallRate(m, ps, N / 20, 14) >= 0.9);
    }

    @Test
    void decayMakesAPalimpsestForContinualStorage() {
        List<BipolarPattern> ps = TestModels.randomPatterns(120, N, 5); // 0.6 N: far beyond capacity
        BipolarMemory plain = hopfield(Map.of());
        BipolarMemory decaying = hopfield(Map.of("decay", 0.9));
        plain.storeAll(ps);
        decaying.storeAll(ps);
        List<BipolarPattern> recent = ps.subList(ps.size() - 5, ps.size());
        List<BipolarPattern> old = ps.subList(0, 20);
        double plainRecent = TestModels.recallRate(plain, recent, N / 20, 15);
        double decayRecent = TestModels.recallRate(decaying, recent, N / 20, 15);
        double decayOld = TestModels.recallRate(decaying, old, N / 20, 16);
        System.out.printf("hebbian N=200, 120 stored: no decay recent %.2f; decay 0.9 recent %.2f, oldest %.2f%n",
                plainRecent, decayRecent, decayOld);
        assertTrue(plainRecent <= 0.2, "without decay everything is lost: " + plainRecent);
        assertTrue(decayRecent >= 0.8, "with decay the newest are kept: " + decayRecent);
        assertTrue(decayOld <= 0.1, "and the oldest forgotten: " + decayOld);
    }

    @Test
    void deltaRuleClassifierBeatsChance() {
        int pixels = 60;
        int classes = 4;
        int n = pixels + classes;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(81);
        List<BipolarPattern> protos = TestModels.randomPatterns(classes, pixels, 82);
        dev.engram.api.NeuronMask classMask = dev.engram.api.NeuronMask.range(n, pixels, n);
        List<Item> train = new java.util.ArrayList<>();
        List<dev.engram.api.learn.Probe> test = new java.util.ArrayList<>();
        for (int s = 0; s < 40 * classes; s++) {
            int label = s % classes;
            BipolarPattern img = protos.get(label).corrupt(0.2, rng);
            int[] v = new int[n];
            for (int i = 0; i < pixels; i++) {
                v[i] = img.get(i);
            }
            for (int c = 0; c < classes; c++) {
                v[pixels + c] = c == label ? 1 : -1;
            }
            BipolarPattern full = BipolarPattern.of(v);
            if (s < 30 * classes) {
                train.add(new Item(full, classMask));
            } else {
                test.add(new dev.engram.api.learn.Probe(full.with(pixels + label, -1), full, classMask));
            }
        }
        BipolarMemory m = (BipolarMemory) TestModels.create("hopfield", n, 2L, Map.of("rule", "delta", "epochs", 30,
                "batch-size", 10));
        Task task = new Task("cls", train, test, new Scoring.Classification(pixels, classes));
        new SequentialTrainer(m, () -> "naive", 3).learn(0, task);
        double acc = dev.engram.api.learn.Evaluator.accuracy(m, task);
        System.out.printf("delta hopfield classifier 4 classes: held-out accuracy %.3f (chance 0.25)%n", acc);
        assertTrue(acc >= 0.8, "classifier accuracy " + acc);
    }

    @Test
    void energyDecreasesAndFixedPointConverges() {
        List<BipolarPattern> ps = TestModels.randomPatterns(10, N, 4);
        BipolarMemory m = hopfield(Map.of());
        m.storeAll(ps);
        BipolarPattern probe = ps.get(0).flipRandom(20, new java.util.SplittableRandom(1));
        Recall<BipolarPattern> r = m.recall(probe);
        assertTrue(r.converged());
        assertEquals(ps.get(0), r.state());
        assertTrue(r.energy() < m.energy(probe));
        assertEquals(m.energy(r.state()), r.energy(), 1e-3);
    }

    @Test
    void syncTwoCycleIsDetected() {
        // W = -I (diagonal kept, via decay of nothing): construct with a pattern whose sync dynamics oscillate.
        // Two neurons coupled negatively with kept diagonal 0: x = (+,+) -> (-,-) -> (+,+).
        BipolarMemory m = (BipolarMemory) TestModels.create("hopfield", 2, 1L, Map.of("recall", "sync"));
        m.store(BipolarPattern.of(1, -1)); // W_01 = W_10 = -1/2
        Recall<BipolarPattern> r = m.recall(BipolarPattern.of(1, 1));
        assertFalse(r.converged());
        assertTrue(r.steps() <= 3, "stopped at the 2-cycle, steps " + r.steps());
    }

    @Test
    void badInputIsRejected() {
        BipolarMemory m = hopfield(Map.of());
        assertThrows(IllegalArgumentException.class, () -> m.store(BipolarPattern.constant(N + 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> TestModels.create("hopfield", N, 1, Map.of("rule", "oja")));
        assertThrows(IllegalArgumentException.class, () -> TestModels.create("hopfield", N, 1, Map.of("decay", 1.5)));
        long[] bad = new long[BipolarPattern.wordsFor(N)];
        bad[bad.length - 1] = -1L;
        assertThrows(IllegalArgumentException.class, () -> m.recallInto(bad, new long[4], null, m.newWorkspace()));
        m.freeze();
        assertThrows(IllegalStateException.class, () -> m.store(BipolarPattern.constant(N, 1)));
    }

}
