package dev.engram.core.model.dam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import dev.engram.api.kernel.Kernels;
import dev.engram.core.kernel.ScalarKernels;
import dev.engram.core.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batched training path (matrix products over the batch, split over threads) against the per-item path of
 * the same maths, and its promise: the same bits whatever the thread count.
 */
class TrainedDamBatchedTest {
    static final int PIXELS = 150;
    static final int CLASSES = 10;
    static final int N = PIXELS + CLASSES;

    /** The backends to check: the scalar reference, and Panama where the Vector API module is present. */
    static List<Kernels> backends() {
        List<Kernels> b = new ArrayList<>(List.of(ScalarKernels.INSTANCE));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            b.add(TestModels.panamaOrSkip());
        }
        return b;
    }

    static Kernels kernels = ScalarKernels.INSTANCE;

    static TrainedDam dam(long seed, Map<String, ?> extra) {
        Map<String, Object> p = new HashMap<>(Map.of("mode", "trained", "memories", 37, "interaction", "leaky",
                "n", 10, "temperature", 0.6, "init-std", 0.5, "batch-size", 40, "epochs", 3));
        p.putAll(extra);
        return (TrainedDam) TestModels.create("dam", N, seed, kernels, p);
    }

    /** Classifier items: random pixels with a class prototype mixed in, one-hot ±1 labels, class neurons trained. */
    static List<Item> classifierItems(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        NeuronMask classes = NeuronMask.range(N, PIXELS, N);
        List<BipolarPattern> prototypes = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            prototypes.add(BipolarPattern.random(PIXELS, r));
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = r.nextInt(CLASSES);
            int[] v = new int[N];
            for (int p = 0; p < PIXELS; p++) {
                v[p] = r.nextDouble() < 0.8 ? prototypes.get(label).get(p) : (r.nextBoolean() ? 1 : -1);
            }
            for (int c = 0; c < CLASSES; c++) {
                v[PIXELS + c] = c == label ? 1 : -1;
            }
            items.add(new Item(BipolarPattern.of(v), classes));
        }
        return items;
    }

    static double gradientGap(TrainedDam a, TrainedDam b, List<Item> batch, boolean outputNorm) {
        return gradientGap(a, b, batch, outputNorm, 1e-9);
    }

    /** The largest gradient difference over the largest component; the losses must agree to {@code lossTol} relative. */
    static double gradientGap(TrainedDam a, TrainedDam b, List<Item> batch, boolean outputNorm, double lossTol) {
        float[] ga = new float[a.parameterCount()];
        float[] gb = new float[b.parameterCount()];
        double la = outputNorm ? a.outputNormGradient(batch, ga) : a.lossAndGradient(batch, ga);
        double lb = outputNorm ? b.outputNormGradient(batch, gb) : b.lossAndGradient(batch, gb);
        assertEquals(la, lb, lossTol * Math.max(1, Math.abs(la)), "loss");
        double scale = 0;
        double gap = 0;
        for (int i = 0; i < ga.length; i++) {
            scale = Math.max(scale, Math.abs(ga[i]));
            gap = Math.max(gap, Math.abs(ga[i] - gb[i]));
        }
        assertTrue(scale > 0, "the gradient is zero: the test would prove nothing");
        return gap / scale;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void batchedAndPerItemComputeTheSameGradient(Kernels k) {
        kernels = k;
        List<Item> classifier = classifierItems(45, 3);
        List<Item> auto = new ArrayList<>();
        for (BipolarPattern p : TestModels.randomPatterns(23, N, 4)) {
            auto.add(Item.of(p));
        }
        for (List<Item> batch : List.of(classifier, auto)) {
            for (boolean outputNorm : new boolean[] {false, true}) {
                for (String training : new String[] {"batched", "batched-bits"}) {
                    double gap = gradientGap(dam(7, Map.of("training", training)),
                            dam(7, Map.of("training", "per-item")), batch, outputNorm);
                    assertTrue(gap < 1e-4, training + " and per-item gradients differ by " + gap
                            + " of the largest component");
                }
            }
        }
    }

    /**
     * The batched path's split: fields summed per group of memories (16 here, so that 37 memories make three
     * groups, the last of 5), F' kept or computed again, on 1, 2 and 3 threads: the same bits every time, and the
     * gradient of the per-item path up to float rounding. Leaky, and the exponential, whose vector exp is the same
     * bits interpreted and compiled (the Vector API's EXP was not, so this once held only for the per-item path).
     * Both forms of the products: {@code gemm} ({@code batched}) and the packed bits' tables ({@code batched-bits}).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void theSameBitsOnAnyThreadCount(Kernels k) {
        kernels = k;
        List<Item> items = classifierItems(130, 5);
        Task task = new Task("classes", items, List.of(), new Scoring.Classification(PIXELS, CLASSES));
        List<Item> auto = new ArrayList<>();
        for (BipolarPattern p : TestModels.randomPatterns(23, N, 4)) {
            auto.add(Item.of(p));
        }
        try {
            TrainedDam.groupSize = 16;
            TrainedDam.parallelWork = 0;
            for (String[] form : new String[][] {{"leaky", "batched"}, {"exponential", "batched"},
                {"leaky", "batched-bits"}, {"exponential", "batched-bits"}}) {
                String interaction = form[0];
                Map<String, Object> base = Map.of("interaction", interaction, "training", form[1]);
                for (List<Item> batch : List.of(classifierItems(45, 3), auto)) {
                    // the exponential's fields are float sums of e^x: the losses agree to float rounding (2e-8
                    // seen), the leaky's to 1e-9
                    double gap = gradientGap(dam(7, base),
                            dam(7, Map.of("interaction", interaction, "training", "per-item")), batch, false,
                            interaction.equals("leaky") ? 1e-9 : 1e-6);
                    assertTrue(gap < 1e-4, interaction + " " + form[1] + ": batched and per-item gradients differ by "
                            + gap);
                }
                float[] reference = null;
                for (long keep : new long[] {TrainedDam.KEEP_LIMIT, 0}) {
                    TrainedDam.keepLimit = keep;
                    for (int threads : new int[] {1, 2, 3}) {
                        Map<String, Object> p = new HashMap<>(base);
                        p.put("threads", threads);
                        TrainedDam m = dam(11, p);
                        new SequentialTrainer(m, () -> "naive", 13).learn(0, task);
                        if (reference == null) {
                            reference = m.parameters().clone();
                            assertFalse(java.util.Arrays.equals(reference, dam(11, base).parameters()),
                                    interaction + ": training changed nothing");
                            for (float v : reference) {
                                assertTrue(Float.isFinite(v), interaction + ": a memory is " + v);
                            }
                        } else {
                            assertArrayEquals(reference, m.parameters(), interaction + " " + form[1]
                                    + ": memories after training with " + threads + " threads"
                                    + (keep == 0 ? " (F' computed again)" : ""));
                        }
                    }
                }
            }
        } finally {
            TrainedDam.groupSize = TrainedDam.GROUP;
            TrainedDam.keepLimit = TrainedDam.KEEP_LIMIT;
            TrainedDam.parallelWork = TrainedDam.PARALLEL_WORK;
        }
    }

    /**
     * The old form {@code term-split=items} was removed: a model or file that asks for it gets an error naming
     * what is accepted, not the other form in silence.
     */
    @Test
    void termSplitItemsIsRefusedWithWhatIsAccepted() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> dam(1, Map.of("term-split", "items")));
        assertTrue(e.getMessage().contains("items") && e.getMessage().contains("memories"), e.getMessage());
    }

    /**
     * After batched training the update wrote only the per-part transposed memories; the fields and recall (sync
     * and async, before and after freezing) must be those of a model given the same parameters directly.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void recallAfterBatchedTrainingSeesTheTrainedMemories(Kernels k) {
        kernels = k;
        List<Item> items = classifierItems(130, 5);
        Task task = new Task("classes", items, List.of(), new Scoring.Classification(PIXELS, CLASSES));
        try {
            TrainedDam.groupSize = 16;
            TrainedDam.parallelWork = 0;
            for (String recall : new String[] {"sync", "async"}) {
                Map<String, Object> p = Map.of("threads", 2, "recall", recall);
                TrainedDam trained = dam(11, p);
                new SequentialTrainer(trained, () -> "naive", 13).learn(0, task);
                TrainedDam given = dam(11, p);   // the same seed: async recall draws its order from it
                given.setParameters(trained.parameters().clone());
                NeuronMask all = NeuronMask.range(N, 0, N);
                for (boolean frozen : new boolean[] {false, true}) {
                    if (frozen) {
                        trained.freeze();
                    }
                    for (int q = 0; q < 5; q++) {
                        BipolarPattern probe = items.get(q).state();
                        float[] a = new float[N];
                        float[] b = new float[N];
                        trained.fields(probe, all, a);
                        given.fields(probe, all, b);
                        assertArrayEquals(b, a, recall + (frozen ? ", frozen" : "") + ": fields of probe " + q);
                        assertEquals(given.recall(probe).state(), trained.recall(probe).state(),
                                recall + (frozen ? ", frozen" : "") + ": recall of probe " + q);
                    }
                }
            }
        } finally {
            TrainedDam.groupSize = TrainedDam.GROUP;
            TrainedDam.parallelWork = TrainedDam.PARALLEL_WORK;
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theLibrarysTrainingStateKeepsTheOtherClassNeuronsAtTheirTargets(Kernels k) {
        kernels = k;
        List<Item> items = classifierItems(20, 9);
        TrainedDam recall = dam(3, Map.of("train-state", "recall"));
        TrainedDam targets = dam(3, Map.of("train-state", "targets"));
        float[] g1 = new float[recall.parameterCount()];
        float[] g2 = new float[targets.parameterCount()];
        double l1 = recall.lossAndGradient(items, g1);
        double l2 = targets.lossAndGradient(items, g2);
        assertTrue(l1 != l2, "the training state changed nothing");
        // with one trained neuron the two states agree up to rounding (its own value never enters its field)
        NeuronMask one = NeuronMask.of(N, PIXELS + 3);
        List<Item> single = items.stream().map(i -> new Item(i.state(), one)).toList();
        assertEquals(recall.lossAndGradient(single, g1), targets.lossAndGradient(single, g2), 1e-6);
        for (int i = 0; i < g1.length; i++) {
            assertEquals(g1[i], g2[i], 1e-4, "gradient component " + i);
        }
    }

    @Test
    void theUnitRecallScaleIgnoresTheTemperature() {
        assertEquals(1f / N, dam(1, Map.of("recall-scale", "unit")).scale());
        assertEquals((float) (1 / (0.6 * N)), dam(1, Map.of()).scale());
    }
}
