package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.Model;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key behaviour, with the real trained DAM found through the registry: on five tasks of random
 * bipolar items learned one after another, {@code naive} forgets the first task, and each protective strategy
 * keeps markedly more of it, on average over {@value #SEEDS_COUNT} seeds.
 * <p>
 * Setting (fixed seeds 11–14, each seeding the tasks, the model, the strategy and the trainer): N = 100 neurons,
 * 5 tasks × 5 random items, each item probed from 4 copies with 10 of 100 components flipped, scored by exact
 * recall. The DAM is the authors' library autoassociative example (mode=trained, K = 100 memories, rectified
 * polynomial n = 5, Krotov form, 300 epochs, lr 0.2, decay 0.999, momentum 0.6) at T = 65 instead of 50, batch 5
 * (one step per epoch): at T = 50 a learned item's tanh outputs saturate, its loss gradient and Fisher vanish, and
 * EWC and A-GEM lose the information they need (see docs/strategies.md).
 * <p>
 * Why several seeds: with 5 items a task's accuracy moves in steps of 0.2, and which items survive depends on
 * float rounding, which differs between the scalar kernels and Panama at each vector width (different lane
 * counts sum in different orders). One seed at one width is therefore a coin toss for the weaker methods: the
 * single-seed version of this test passed on AVX-512 and failed on AVX2 (EWC and A-GEM kept 0.40). Observed
 * task-1 accuracy after task 5, mean over seeds 11–14 (per seed in the test output):
 * <pre>
 *                  naive rehearsal pseudo  ewc   si   mas  agem
 * scalar            0.00   0.75     0.60   0.65  1.00 0.90  0.65
 * Panama 128-bit    0.00   0.80     0.75   0.55  1.00 0.85  0.60
 * Panama 256-bit    0.00   0.70     0.55   0.60  1.00 0.90  0.70
 * </pre>
 * The test demands naive ≥ 0.9 right after learning task 1, ≥ 0.6 on each task right after learning it, and
 * ≤ 0.2 on task 1 at the end (means), and every other
 * strategy at least naive + {@value #REQUIRED_MARGIN} at the end (means): slack of about 0.2 for the weakest.
 */
class ForgettingTest {
    static final int N = 100;
    static final long[] SEEDS = {11, 12, 13, 14};
    static final int SEEDS_COUNT = 4;
    static final double REQUIRED_MARGIN = 0.35;
    static Registry registry;

    @BeforeAll
    static void setUp() {
        registry = Registry.load();
    }

    static Model dam(long seed) {
        ModelProvider p = registry.model("dam");
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("mode", "trained");
        raw.put("memories", 100);
        raw.put("interaction", "rectified");
        raw.put("n", 5);
        raw.put("form", "krotov");
        raw.put("temperature", 65.0);
        raw.put("epochs", 300);
        raw.put("batch-size", 5);
        raw.put("learning-rate", 0.2);
        raw.put("learning-rate-decay", 0.999);
        raw.put("momentum", 0.6);
        return p.create(new ModelContext(N, p.parseParams(raw), registry.kernels(), seed));
    }

    /**
     * Task-1 accuracy right after task 1 and after task 5, and each task's accuracy right after it was learned
     * (the diagonal), means over the seeds.
     */
    static double[] run(String strategy, Map<String, ?> params) {
        StrategyProvider sp = registry.strategy(strategy);
        double first = 0;
        double last = 0;
        double diagonal = 0;
        StringBuilder perSeed = new StringBuilder();
        for (long seed : SEEDS) {
            List<Task> tasks = Sequences.randomTasks(5, 5, N, 4, 10, seed);
            Model model = dam(seed);
            assertTrue(model instanceof TrainableModel);
            double[][] acc = Sequences.run(model, sp.create(new StrategyContext(sp.parseParams(params), seed)), tasks,
                    seed);
            first += acc[0][0] / SEEDS.length;
            last += acc[4][0] / SEEDS.length;
            for (int t = 0; t < 5; t++) {
                diagonal += acc[t][t] / (5.0 * SEEDS.length);
            }
            perSeed.append(String.format(Locale.ROOT, " %d: %.2f -> %.2f;", seed, acc[0][0], acc[4][0]));
        }
        System.out.printf(Locale.ROOT, "%-16s task 1 (mean over seeds): %.2f -> %.2f   per seed:%s%n", strategy, first,
                last, perSeed);
        return new double[] {first, last, diagonal};
    }

    @Test
    void naiveForgetsTheFirstTaskAndEveryProtectiveStrategyKeepsMarkedlyMore() {
        assertEquals(SEEDS_COUNT, SEEDS.length);
        double[] naive = run("naive", Map.of());
        assertTrue(naive[0] >= 0.9, "the DAM must learn task 1 first: " + naive[0]);
        assertTrue(naive[2] >= 0.6, "naive learns each task when it is trained on it, mean " + naive[2]);
        assertTrue(naive[1] <= 0.2, "naive must forget task 1: " + naive[1]);
        Map<String, Map<String, ?>> protective = new LinkedHashMap<>();
        protective.put("rehearsal", Map.of("buffer-size", 20));
        protective.put("pseudorehearsal", Map.of("count", 32));
        protective.put("ewc", Map.of("lambda", 100.0, "normalise", true));
        protective.put("si", Map.of("c", 1.0));
        protective.put("mas", Map.of("lambda", 100.0, "normalise", true));
        protective.put("agem", Map.of("memory-per-task", 5, "memory-batch", 10, "projection", "before"));
        StringBuilder failures = new StringBuilder();
        for (var e : protective.entrySet()) {
            double[] acc = run(e.getKey(), e.getValue());
            if (acc[1] < naive[1] + REQUIRED_MARGIN) {
                failures.append(String.format(Locale.ROOT, "%s keeps %.2f of task 1, naive %.2f; ", e.getKey(), acc[1],
                        naive[1]));
            }
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
