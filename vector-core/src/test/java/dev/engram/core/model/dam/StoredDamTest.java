package dev.engram.core.model.dam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.kernel.Kernels;
import dev.engram.core.kernel.ScalarKernels;
import dev.engram.core.model.TestModels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StoredDamTest {
    static final int N = 100;

    static BipolarMemory dam(Kernels k, Map<String, ?> extra) {
        Map<String, Object> p = new HashMap<>(Map.of("mode", "stored"));
        p.putAll(extra);
        return (BipolarMemory) TestModels.create("dam", N, 3L, k, p);
    }

    @Test
    void polynomialAndRectifiedStoreTwiceNWhereHebbianFails() {
        List<BipolarPattern> ps = TestModels.randomPatterns(200, N, 21);
        for (String f : List.of("polynomial", "rectified")) {
            for (String mode : List.of("sync", "async")) {
                BipolarMemory m = dam(ScalarKernels.INSTANCE, Map.of("interaction", f, "n", 3, "recall", mode));
                m.storeAll(ps);
                double rate = TestModels.recallRate(m, ps, N / 10, 22);
                System.out.printf("dam %s n=3 %s N=100 K=200: %.3f%n", f, mode, rate);
                assertTrue(rate >= 0.95, f + " " + mode + " recall " + rate);
            }
        }
        BipolarMemory hebb = (BipolarMemory) TestModels.create("hopfield", N, 3L, Map.of());
        hebb.storeAll(ps);
        double h = TestModels.recallRate(hebb, ps, N / 10, 22);
        System.out.printf("hebbian N=100 K=200: %.3f%n", h);
        assertTrue(h < 0.05, "hebbian recall " + h);
    }

    @Test
    void exponentialStoresTenTimesN() {
        TestModels.heavy();
        List<BipolarPattern> ps = TestModels.randomPatterns(1000, N, 31);
        BipolarMemory m = dam(TestModels.selected(), Map.of("interaction", "exponential", "temperature", 0.1));
        m.storeAll(ps);
        assertEquals(1000, m.size());
        // every 4th of the 1000 memories (250 probes) keeps the test fast; each is a full recall over K = 1000
        List<BipolarPattern> sample = java.util.stream.IntStream.range(0, 250).mapToObj(i -> ps.get(4 * i)).toList();
        double rate = TestModels.recallRate(m, sample, N / 10, 32);
        System.out.printf("dam exponential T=0.1 N=100 K=1000: %.3f%n", rate);
        assertTrue(rate >= 0.95, "exponential recall " + rate);
    }

    @Test
    void fieldsEqualTheDefinition() {
        List<BipolarPattern> ps = TestModels.randomPatterns(40, N, 43);
        for (String f : List.of("polynomial", "rectified", "leaky", "exponential")) {
            for (String form : List.of("normalised", "krotov")) {
                Map<String, Object> p = Map.of("interaction", f, "n", 5, "form", form);
                StoredDam m = (StoredDam) dam(ScalarKernels.INSTANCE, p);
                m.storeAll(ps);
                double c = m.scale();
                dev.engram.api.kernel.Interaction fn = m.interaction();
                BipolarPattern x = ps.get(0).flipRandom(30, new SplittableRandom(44));
                float[] got = new float[N];
                m.fields(x, NeuronMask.all(N), got);
                double[] want = new double[N];
                double shift = 0;
                if (f.equals("exponential")) { // fields() scales by e^(-c max h)
                    double max = Double.NEGATIVE_INFINITY;
                    for (BipolarPattern mu : ps) {
                        max = Math.max(max, mu.overlap(x));
                    }
                    shift = c * max;
                }
                for (int i = 0; i < N; i++) {
                    double sum = 0;
                    double scale = 0;
                    for (BipolarPattern mu : ps) {
                        double a = fn.apply(c * mu.overlap(x.with(i, 1)), shift);
                        double b = fn.apply(c * mu.overlap(x.with(i, -1)), shift);
                        sum += a - b;
                        scale += Math.abs(a) + Math.abs(b);
                    }
                    want[i] = sum;
                    assertEquals(want[i], got[i], 1e-5 * scale + 1e-30, f + " " + form + " neuron " + i);
                }
            }
        }
    }

    @Test
    void incrementalOverlapsEqualFromScratchAfterEveryFlip() {
        List<BipolarPattern> ps = TestModels.randomPatterns(70, N, 41);
        DenseAssociativeMemory m = (DenseAssociativeMemory) dam(ScalarKernels.INSTANCE, Map.of());
        m.storeAll(ps);
        SplittableRandom rng = new SplittableRandom(42);
        BipolarPattern x = BipolarPattern.random(N, rng);
        float[] h = m.overlapsOf(x);
        for (int t = 0; t < 300; t++) {
            int i = rng.nextInt(N);
            x = x.flip(i);
            m.applyFlip(i, x.get(i), h);
            assertArrayEquals(m.overlapsOf(x), h, "after flip " + t);
        }
    }

    @Test
    void panamaAndScalarGiveTheSameRecall() {
        Kernels panama = TestModels.panamaOrSkip();
        List<BipolarPattern> ps = TestModels.randomPatterns(150, N, 51);
        for (String f : List.of("polynomial", "rectified", "leaky", "exponential")) {
            Map<String, Object> p = Map.of("interaction", f, "n", 4, "recall", "async", "temperature", 0.2);
            BipolarMemory a = dam(ScalarKernels.INSTANCE, p);
            BipolarMemory b = dam(panama, p);
            a.storeAll(ps);
            b.storeAll(ps);
            SplittableRandom rng = new SplittableRandom(52);
            RecallWorkspace wa = a.newWorkspace();
            RecallWorkspace wb = b.newWorkspace();
            for (int t = 0; t < 60; t++) {
                long[] probe = ps.get(t).flipRandom(25, rng).words();
                long[] oa = new long[2];
                long[] ob = new long[2];
                a.recallInto(probe, oa, null, wa);
                b.recallInto(probe, ob, null, wb);
                assertArrayEquals(oa, ob, f + " probe " + t);
                assertEquals(wa.steps(), wb.steps());
            }
        }
    }

    @Test
    void recallLowersTheEnergyAndReportsIt() {
        List<BipolarPattern> ps = TestModels.randomPatterns(120, N, 62);
        for (String mode : List.of("sync", "async")) {
            BipolarMemory m = dam(ScalarKernels.INSTANCE, Map.of("recall", mode, "interaction", "rectified", "n", 3));
            m.storeAll(ps);
            BipolarPattern probe = ps.get(9).flipRandom(20, new SplittableRandom(63));
            dev.engram.api.Recall<BipolarPattern> r = m.recall(probe);
            assertTrue(r.converged());
            assertEquals(ps.get(9), r.state());
            assertTrue(r.energy() < m.energy(probe));
            assertEquals(m.energy(r.state()), r.energy(), 1e-9 * Math.abs(r.energy()));
        }
    }

    @Test
    void maskedRecallOnlyChangesMaskedNeurons() {
        List<BipolarPattern> ps = TestModels.randomPatterns(50, N, 61);
        BipolarMemory m = dam(ScalarKernels.INSTANCE, Map.of());
        m.storeAll(ps);
        BipolarPattern target = ps.get(3);
        BipolarPattern probe = target;
        for (int i = 90; i < N; i++) {
            probe = probe.with(i, -1);
        }
        probe = probe.flip(5);
        NeuronMask tail = NeuronMask.range(N, 90, N);
        BipolarPattern got = m.recall(probe, tail, m.newWorkspace()).state();
        assertEquals(probe.get(5), got.get(5), "clamped neuron 5 keeps its (wrong) value");
        for (int i = 90; i < N; i++) {
            assertEquals(target.get(i), got.get(i), "neuron " + i);
        }
    }

    @Test
    void badInputIsRejected() {
        BipolarMemory m = dam(ScalarKernels.INSTANCE, Map.of());
        assertThrows(IllegalArgumentException.class, () -> m.store(BipolarPattern.constant(N + 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> dam(ScalarKernels.INSTANCE, Map.of("interaction", "cubic")));
        assertThrows(IllegalArgumentException.class, () -> dam(ScalarKernels.INSTANCE, Map.of("n", 0)));
        assertThrows(IllegalArgumentException.class, () -> dam(ScalarKernels.INSTANCE, Map.of("temperature", "NaN")));
        assertThrows(IllegalArgumentException.class, () -> dam(ScalarKernels.INSTANCE, Map.of("colour", "red")));
        assertThrows(IllegalArgumentException.class, () -> m.recallInto(new long[1], new long[2], null, m.newWorkspace()));
        m.freeze();
        assertThrows(IllegalStateException.class, () -> m.store(BipolarPattern.constant(N, 1)));
    }
}
