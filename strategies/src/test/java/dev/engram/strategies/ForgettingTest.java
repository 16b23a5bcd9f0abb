package dev.engram.strategies;

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
 * keeps markedly more of it.
 * <p>
 * Setting (fixed seeds): N = 100 neurons, 5 tasks × 5 random items, each item probed from 4 copies with 10 of
 * 100 components flipped, scored by exact recall. The DAM is the authors' library autoassociative example
 * (mode=trained, K = 100 memories, rectified polynomial n = 5, Krotov form, 300 epochs, lr 0.2, decay 0.999,
 * momentum 0.6) at T = 65 instead of 50, batch 5 (one step per epoch): at T = 50 a learned item's tanh outputs
 * saturate, its loss gradient and Fisher vanish, and EWC and A-GEM lose the information they need (see
 * docs/strategies.md).
 * <p>
 * Observed (task-1 exact-recall accuracy right after task 1 → after task 5; the same with the scalar and the
 * Panama kernels): naive 1.00 → 0.00; rehearsal 1.00 → 0.80; pseudorehearsal 1.00 → 0.80; ewc 1.00 → 0.80;
 * si 1.00 → 1.00; mas 1.00 → 1.00; agem 1.00 → 0.80. The test demands naive ≥ 0.9 right after learning and
 * ≤ 0.2 at the end, and every other strategy at least naive + {@value #REQUIRED_MARGIN} at the end.
 * <p>
 * A-GEM is sensitive to its reference batch here. Since the Panama float reductions became deterministic
 * (index-order lane sums), memory-batch 20 keeps 0.00 of task 1, 5 keeps 0.40, and 10 (used here) passes
 * the margin; before that change, 20 kept 0.80 after warm-up. The ordering itself is robust for naive vs.
 * the replay and penalty methods, not for A-GEM: see docs/strategies.md.
 */
class ForgettingTest {
    static final int N = 100;
    static final double REQUIRED_MARGIN = 0.5;
    static List<Task> tasks;
    static Registry registry;

    @BeforeAll
    static void setUp() {
        tasks = Sequences.randomTasks(5, 5, N, 4, 10, 11);
        registry = Registry.load();
    }

    static Model dam() {
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
        return p.create(new ModelContext(N, p.parseParams(raw), registry.kernels(), 5));
    }

    static double[][] run(String strategy, Map<String, ?> params) {
        StrategyProvider sp = registry.strategy(strategy);
        Model model = dam();
        assertTrue(model instanceof TrainableModel);
        double[][] acc = Sequences.run(model, sp.create(new StrategyContext(sp.parseParams(params), 1)), tasks, 3);
        System.out.printf(Locale.ROOT, "%-16s task 1: %.2f -> %.2f, mean final %.2f%n%s", strategy, acc[0][0], acc[4][0],
                java.util.Arrays.stream(acc[4]).average().orElse(0), Sequences.format(acc));
        return acc;
    }

    @Test
    void naiveForgetsTheFirstTaskAndEveryProtectiveStrategyKeepsMarkedlyMore() {
        double[][] naive = run("naive", Map.of());
        assertTrue(naive[0][0] >= 0.9, "the DAM must learn task 1 first: " + naive[0][0]);
        double diagonal = 0;
        for (int t = 0; t < 5; t++) {
            diagonal += naive[t][t] / 5;
        }
        assertTrue(diagonal >= 0.6, "naive learns each task when it is trained on it, mean " + diagonal);
        assertTrue(naive[4][0] <= 0.2, "naive must forget task 1: " + naive[4][0]);
        Map<String, Map<String, ?>> protective = new LinkedHashMap<>();
        protective.put("rehearsal", Map.of("buffer-size", 20));
        protective.put("pseudorehearsal", Map.of("count", 32));
        protective.put("ewc", Map.of("lambda", 100.0, "normalise", true));
        protective.put("si", Map.of("c", 1.0));
        protective.put("mas", Map.of("lambda", 100.0, "normalise", true));
        protective.put("agem", Map.of("memory-per-task", 5, "memory-batch", 10, "projection", "before"));
        StringBuilder failures = new StringBuilder();
        for (var e : protective.entrySet()) {
            double[][] acc = run(e.getKey(), e.getValue());
            if (acc[4][0] < naive[4][0] + REQUIRED_MARGIN) {
                failures.append(String.format(Locale.ROOT, "%s keeps %.2f of task 1, naive %.2f; ", e.getKey(), acc[4][0], naive[4][0]));
            }
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
