package dev.engram.experiments.preset;

import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.Experiment;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Spec;
import dev.engram.experiments.data.TaskSequence;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default job: the Dense Associative Memory ({@code dam}, trained) learning five random bipolar
 * autoassociative tasks one after another with every installed strategy; no download, about a minute on two
 * cores. Settings: see {@link #MODEL} and {@link #DATA}.
 */
final class DemoPreset {
    static final int MEMORIES = 64;
    static final int DIMENSION = 64;
    static final int ITEMS = 10;
    /** The model and its parameters. */
    static final Spec MODEL = new Spec("dam", orderedMap(
            "mode", "trained", "memories", MEMORIES, "interaction", "rectified", "n", 3,
            "epochs", 100, "batch-size", 10, "learning-rate", 0.05, "momentum", 0.6));
    /** Five tasks of ITEMS random patterns of DIMENSION neurons; probes with 10% of the components flipped, exact recall. */
    static final DataSpec DATA = new DataSpec("random", 5, DIMENSION, ITEMS, 0.0, 0.1, "exact", null, null, null, null);
    /**
     * Strategy parameters tuned on this sequence (a sweep of the penalty strength, picking the best ACC); other
     * strategies run with their defaults.
     */
    static final Map<String, Map<String, Object>> STRATEGY_PARAMS = Map.of(
            "ewc", Map.of("lambda", 1e6),
            "si", Map.of("c", 0.1),
            "mas", Map.of("lambda", 10.0));
    static final long SEED = 1;

    private DemoPreset() {
    }

    static void run(PresetContext ctx) throws IOException {
        if (ctx.registry().models().stream().noneMatch(m -> m.name().equals(MODEL.name()))) {
            throw new IllegalArgumentException("the demo needs the built-in model '" + MODEL.name()
                    + "', which is not installed; 'engram plugins' lists what is");
        }
        List<Spec> strategies = ctx.registry().strategies().stream().map(StrategyProvider::name)
                .map(n -> new Spec(n, STRATEGY_PARAMS.getOrDefault(n, Map.of()))).toList();
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("the demo needs at least one strategy; none is installed");
        }
        List<Runner.Prepared> runs = Runner.prepareAll(ctx.registry(), List.of(MODEL), strategies);
        long seed = ctx.seedOr(SEED);
        TaskSequence seq = DATA.build(seed);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("preset", "demo");
        config.put("model", Map.of("name", MODEL.name(), "params", MODEL.params()));
        config.put("strategies", strategies.stream().map(x -> Map.of("name", x.name(), "params", x.params())).toList());
        config.put("data", DATA);
        Experiment.run(ctx.registry(), "demo", runs, seq, seed, Runner.Options.defaults(), ctx.out(), config, ctx.stdout());
    }

    static Map<String, Object> orderedMap(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
