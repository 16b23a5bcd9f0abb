package dev.engram.core.model.dam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.learn.Evaluator;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Probe;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.core.model.TestModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainedDamTest {

    static TrainedDam trained(int n, long seed, Map<String, ?> extra) {
        Map<String, Object> p = new HashMap<>(Map.of("mode", "trained"));
        p.putAll(extra);
        return (TrainedDam) TestModels.create("dam", n, seed, p);
    }

    @Test
    void autoassociativeTrainingRecallsItsItems() {
        int n = 100;
        // the library's autoassociative example: N=100, K=100, 25 items, rectified n=5, 500 epochs, lr 0.2,
        // decay 0.999, momentum 0.6; temperature automatic (normalised form: beta = (N/2n)^(1/n), T = 0.63)
        TrainedDam m = trained(n, 5L, Map.of("interaction", "rectified", "n", 5, "memories", 100,
                "epochs", 500, "learning-rate", 0.2, "learning-rate-decay", 0.999, "momentum", 0.6));
        List<BipolarPattern> ps = TestModels.randomPatterns(25, n, 71);
        SplittableRandom rng = new SplittableRandom(72);
        List<Probe> probes = new ArrayList<>();
        for (BipolarPattern p : ps) {
            probes.add(new Probe(p.flipRandom(n / 10, rng), p, null));
        }
        Task task = new Task("auto", ps.stream().map(Item::of).toList(), probes, Scoring.exact());
        new SequentialTrainer(m, () -> "naive", 9).learn(0, task);
        double stable = TestModels.recallRate(m, ps, 0, 1);
        double fromNoisy = Evaluator.accuracy(m, task);
        System.out.printf("trained dam N=100 K=100 25 items rectified n=5: stable %.3f, from 10%% flips %.3f%n",
                stable, fromNoisy);
        assertTrue(stable >= 0.95, "training items recalled " + stable);
        assertTrue(fromNoisy >= 0.9, "recall from 10% flipped probes " + fromNoisy);

        // the same memories on the Panama kernels recall the same states
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return; // scalar-fallback run
        }
        dev.engram.api.kernel.Kernels panama = TestModels.panamaOrSkip();
        TrainedDam p = (TrainedDam) TestModels.create("dam", n, 5L, panama, m.params().asMap());
        p.setParameters(m.parameters());
        dev.engram.api.RecallWorkspace wa = m.newWorkspace();
        dev.engram.api.RecallWorkspace wb = p.newWorkspace();
        for (Probe pr : probes) {
            long[] a = new long[2];
            long[] b = new long[2];
            m.recallInto(pr.start().words(), a, null, wa);
            p.recallInto(pr.start().words(), b, null, wb);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        }
    }

    @Test
    void classifierBeatsChance() {
        int pixels = 60;
        int classes = 4;
        int n = pixels + classes;
        SplittableRandom rng = new SplittableRandom(81);
        List<BipolarPattern> protos = TestModels.randomPatterns(classes, pixels, 82);
        NeuronMask classMask = NeuronMask.range(n, pixels, n);
        List<Item> train = new ArrayList<>();
        List<Probe> test = new ArrayList<>();
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
                BipolarPattern start = full.with(pixels + label, -1);
                test.add(new Probe(start, full, classMask));
            }
        }
        TrainedDam m = trained(n, 6L, Map.of("interaction", "leaky", "n", 3, "memories", 16, "epochs", 60,
                "batch-size", 16, "learning-rate", 0.1));
        Task task = new Task("cls", train, test, new Scoring.Classification(pixels, classes));
        new SequentialTrainer(m, () -> "naive", 10).learn(0, task);
        double acc = Evaluator.accuracy(m, task);
        System.out.printf("trained dam classifier 4 classes: held-out accuracy %.3f (chance 0.25)%n", acc);
        assertTrue(acc >= 0.8, "classifier accuracy " + acc);
    }

    @Test
    void closedFormGradientMatchesFiniteDifferences() {
        int n = 14;
        for (String f : List.of("polynomial", "rectified", "leaky", "exponential")) {
            for (int m2 : new int[] {1, 2}) {
                TrainedDam m = trained(n, 11L, Map.of("interaction", f, "n", 3, "memories", 5, "init-std", 0.5,
                        "temperature", 0.3, "error-power", m2));
                List<BipolarPattern> ps = TestModels.randomPatterns(3, n, 91);
                List<Item> batch = List.of(Item.of(ps.get(0)), Item.of(ps.get(1)),
                        new Item(ps.get(2), NeuronMask.range(n, 10, n)));
                float[] grad = new float[m.parameterCount()];
                m.lossAndGradient(batch, grad);
                float[] mass = new float[m.parameterCount()];
                m.outputNormGradient(batch, mass);
                float[] theta = m.parameters().clone();
                float[] scratch = new float[grad.length];
                double eps = 1e-2;
                for (int idx = 0; idx < theta.length; idx += 3) {
                    if (Math.abs(theta[idx]) > 1 - 2 * eps) {
                        continue;
                    }
                    float[] t = theta.clone();
                    t[idx] = (float) (theta[idx] + eps);
                    m.setParameters(t);
                    double lp = m.lossAndGradient(batch, scratch);
                    double op = m.outputNormGradient(batch, scratch);
                    t[idx] = (float) (theta[idx] - eps);
                    m.setParameters(t);
                    double lm = m.lossAndGradient(batch, scratch);
                    double om = m.outputNormGradient(batch, scratch);
                    double fd = (lp - lm) / (2 * eps);
                    double fdo = (op - om) / (2 * eps);
                    assertEquals(fd, grad[idx], 2e-3 + 2e-2 * Math.abs(fd), f + " m=" + m2 + " loss param " + idx);
                    assertEquals(fdo, mass[idx], 2e-3 + 2e-2 * Math.abs(fdo), f + " m=" + m2 + " output-norm param " + idx);
                }
                m.setParameters(theta);
            }
        }
    }

    @Test
    void optimiserStepIsMaxNormalisedPerMemoryAndClamped() {
        int n = 8;
        TrainedDam m = trained(n, 12L, Map.of("memories", 2, "learning-rate", 0.5, "momentum", 0.5));
        m.beginTask();
        m.beginEpoch(0, 10);
        float[] g = new float[16];
        g[0] = 2f;
        g[1] = -1f;
        g[8] = 0.25f;
        float[] d = new float[16];
        m.updateFromGradient(g, d);
        assertEquals(-0.5f, d[0], 1e-6f);
        assertEquals(0.25f, d[1], 1e-6f);
        assertEquals(-0.5f, d[8], 1e-6f);
        assertEquals(0f, d[9], 0f);
        m.updateFromGradient(g, d); // V = 1.5 g: same normalised step
        assertEquals(-0.5f, d[0], 1e-6f);
        float[] big = new float[16];
        big[0] = 5f;
        big[1] = -5f;
        m.applyUpdate(big);
        assertEquals(1f, m.parameters()[0]);
        assertEquals(-1f, m.parameters()[1]);
        m.beginEpoch(9, 10);
        assertEquals(0.5 * Math.pow(0.999, 9), m.learningRate(), 1e-12);
    }

    @Test
    void incrementalOverlapsTrackFromScratchOnesForRealMemories() {
        int n = 90;
        TrainedDam m = trained(n, 13L, Map.of("memories", 40, "init-std", 0.5));
        SplittableRandom rng = new SplittableRandom(14);
        BipolarPattern x = BipolarPattern.random(n, rng);
        float[] h = m.overlapsOf(x);
        for (int t = 0; t < 300; t++) {
            int i = rng.nextInt(n);
            x = x.flip(i);
            m.applyFlip(i, x.get(i), h);
            float[] fresh = m.overlapsOf(x);
            for (int mu = 0; mu < fresh.length; mu++) {
                assertEquals(fresh[mu], h[mu], 1e-3f, "memory " + mu + " after flip " + t);
            }
        }
    }

    @Test
    void temperatureRampsOverTheEpochs() {
        TrainedDam m = trained(8, 1L, Map.of("temperature", 2.0, "temperature-final", 1.0));
        m.beginEpoch(0, 5);
        assertEquals(2.0, m.temperature(), 1e-12);
        m.beginEpoch(4, 5);
        assertEquals(1.0, m.temperature(), 1e-12);
    }

    @Test
    void storeIsRefusedAndParametersChecked() {
        TrainedDam m = trained(8, 1L, Map.of("memories", 3));
        assertThrows(IllegalStateException.class, () -> m.store(BipolarPattern.constant(8, 1)));
        assertThrows(IllegalArgumentException.class, () -> m.setParameters(new float[5]));
        float[] bad = new float[24];
        bad[3] = 1.5f;
        assertThrows(IllegalArgumentException.class, () -> m.setParameters(bad));
        assertEquals(3, ((BipolarMemory) m).size());
        assertTrue(m instanceof TrainableModel);
    }
}
