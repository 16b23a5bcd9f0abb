package dev.engram.experiments.preset;

import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Spec;
import dev.engram.experiments.sweep.Sweep;
import dev.engram.experiments.sweep.Trial;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * McAlister, Robins and Szymanski (2024), "Sequential Learning in the Dense Associative Memory", at the authors'
 * scale: five permuted-MNIST tasks of {@link #TRAIN} training images each, every task scored on the full test set
 * (10,000 images) under its permutation, the classifier DAM with K = 256 memories, every installed strategy, for
 * each interaction vertex n in {@link #N_GRID}, three seeds. The temperature follows the rule of the single-task
 * preset ({@link McAlisterMnist#MODEL}); strategy settings were chosen by a sweep on a held-out seed
 * ({@link #STRATEGY_PARAMS}, docs/experiments.md). A sweep: every trial is logged as it finishes and a second
 * start in the same folder resumes.
 */
final class McAlisterPermutedMnist {
    static final String NAME = "mcalister-permuted-mnist";
    static final List<Integer> N_GRID = List.of(2, 3, 5, 10, 20, 30, 40);
    static final int TRAIN = 10_000;
    static final int EPOCHS = 10;
    /** The single-task preset's model, with {@link #EPOCHS} epochs per task. */
    static final Spec MODEL = new Spec("dam", withEpochs());
    /** 5 tasks, {@link #TRAIN} training images each (a different random sample per task), the whole test set. */
    static final DataSpec DATA = new DataSpec("permuted-mnist", 5, null, null, null, null, null, TRAIN, 10_000, 0, null);
    /**
     * Strategy settings chosen on the held-out seed {@link #TUNING_SEED} at n = 3 and n = 20 (the best mean ACC
     * over the two; docs/experiments.md has the sweep); pseudorehearsal (count 64), EWC (λ = 100) and A-GEM
     * (memory-per-task 32) kept their defaults, which won. (A-GEM's 256 won the sweep of 2026-12-01 by 0.011;
     * its re-run with {@code term-split=memories}, 2026-12-03, gave 32 the lead by 0.045.)
     */
    static final Map<String, Map<String, Object>> STRATEGY_PARAMS = Map.of(
            "rehearsal", Map.of("buffer-size", 1000),
            "si", Map.of("c", 0.1),
            "mas", Map.of("lambda", 10.0),
            "gem", Map.of("memory-per-task", 256));
    /** The seed the strategy settings were chosen on: never one of the reported seeds (1, 2, 3). */
    static final long TUNING_SEED = 101;
    static final long SEED = 1;

    /** Corrupted-probe recall after the last task. */
    static final Runner.Options OPTIONS = new Runner.Options(new double[] {0, 0.1, 0.2}, 100);

    private McAlisterPermutedMnist() {
    }

    private static Map<String, Object> withEpochs() {
        Map<String, Object> m = new LinkedHashMap<>(McAlisterMnist.MODEL);
        m.put("epochs", EPOCHS);
        return m;
    }

    static void run(PresetContext ctx) throws IOException {
        DataSpec data = ctx.withDataDir(DATA);
        data.check();
        List<Spec> strategies = ctx.registry().strategies().stream().map(StrategyProvider::name)
                .map(n -> new Spec(n, STRATEGY_PARAMS.getOrDefault(n, Map.of()))).toList();
        long s = ctx.seedOr(SEED);
        List<Trial> trials = Trial.ofPoints(List.of(MODEL), strategies, McAlisterMnist.nPoints(N_GRID),
                List.of(Map.of()), List.of(s, s + 1, s + 2), data, OPTIONS);
        Sweep.run(ctx.registry(), new Sweep.Setup(NAME, "model.n", Sweep.Format.JSONL, null),
                Sweep.keys(ctx.registry(), trials), ctx.execution(), ctx.out(), ctx.stdout());
    }
}
