package dev.engram.core.model;

import static dev.engram.core.model.RecallAllocationTest.perRecall;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.core.model.dam.TrainedDam;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One batched training step of the DAM (loss and gradient of a batch, one thread) allocates nothing once warm, on
 * the Panama kernels, with both forms of the products ({@code batched}, {@code batched-bits}): several degrees n in
 * one JVM, one after the other, the classifier (class neurons trained) and every neuron trained. The degrees
 * follow each other because C2's compiled code then depends on what ran before (the vector power, compiled once
 * for small n, was boxed at n = 10: 0.8 MB per step; every neuron at n = 10, about 10 MB per step). A handful
 * of bytes per step that do not grow with the neurons or items are tolerated ({@link #PER_STEP_LIMIT}).
 */
class TrainingAllocationTest {
    static final int PIXELS = 150;
    static final int CLASSES = 10;
    static final int N = PIXELS + CLASSES;
    static final int BATCH = 32;
    /**
     * Bytes per step tolerated: a step's few fixed objects (32 bytes a step once the other tests of this module
     * had run: bookkeeping such as a lambda or an iterator that C2 then no longer removes). A boxed vector per
     * neuron and item, the defect this test is about, makes 15 KB a step at the smallest case here (10 class
     * neurons, 32 items, 48 bytes a 128-bit vector).
     */
    static final long PER_STEP_LIMIT = 1024;

    static List<Item> items(boolean classifier, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        NeuronMask classes = NeuronMask.range(N, PIXELS, N);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            int label = r.nextInt(CLASSES);
            int[] v = new int[N];
            for (int p = 0; p < PIXELS; p++) {
                v[p] = r.nextBoolean() ? 1 : -1;
            }
            for (int c = 0; c < CLASSES; c++) {
                v[PIXELS + c] = c == label ? 1 : -1;
            }
            BipolarPattern pattern = BipolarPattern.of(v);
            items.add(classifier ? new Item(pattern, classes) : Item.of(pattern));
        }
        return items;
    }

    @Test
    void aBatchedTrainingStepAllocatesNothingAtSeveralDegreesInOneJvm() {
        Kernels panama = TestModels.panamaOrSkip();
        TestModels.heavy();
        List<String> failures = new ArrayList<>();
        // the degrees with training=batched, then one with the products from the packed bits (its own kernels)
        int[][] runs = {{4, 0}, {10, 0}, {3, 0}, {30, 0}, {20, 0}, {10, 1}};
        for (int[] run : runs) {
            int n = run[0];
            String training = run[1] == 0 ? "batched" : "batched-bits";
            for (boolean classifier : new boolean[] {true, false}) {
                Map<String, Object> p = new HashMap<>(Map.of("mode", "trained", "memories", 64, "interaction", "leaky",
                        "n", n, "temperature", 0.6, "init-std", 0.5, "batch-size", BATCH, "threads", 1));
                p.put("training", training);
                TrainedDam dam = (TrainedDam) TestModels.create("dam", N, 5L, panama, p);
                List<Item> batch = items(classifier, n);
                float[] grad = new float[dam.parameterCount()];
                long bytes = perRecall(() -> dam.lossAndGradient(batch, grad), classifier ? 2_000 : 200,
                        classifier ? 500 : 50, PER_STEP_LIMIT);
                String what = training + ", n = " + n + (classifier ? ", class neurons" : ", every neuron") + ": " + bytes
                        + " bytes per step";
                System.out.println("TrainingAllocationTest " + what);
                if (bytes >= PER_STEP_LIMIT) {
                    failures.add(what);
                }
            }
        }
        assertTrue(failures.isEmpty(), "a training step allocated: " + failures);
    }
}
