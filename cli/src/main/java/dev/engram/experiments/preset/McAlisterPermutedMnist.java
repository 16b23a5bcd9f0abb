package dev.engram.experiments.preset;

import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Spec;
import dev.engram.experiments.Sweep;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * McAlister, Robins and Szymanski (2024), "Sequential Learning in the Dense Associative Memory", at a scale that
 * runs in minutes on two cores: five permuted-MNIST tasks in the classifier form, the {@code dam} trained with
 * every installed strategy, for each interaction vertex n in {@link #N_GRID}; plotted as accuracy against n per
 * strategy ({@code sweep-acc}). A sweep: trials are logged as they finish and a second start resumes.
 */
final class McAlisterPermutedMnist {
    static final List<Object> N_GRID = List.of(2, 3, 5, 10, 20, 30);
    /** The classifier DAM (leaky rectified polynomial, as the authors' MNIST example), smaller and shorter. */
    static final Spec MODEL = new Spec("dam", DemoPreset.orderedMap(
            "mode", "trained", "memories", 64, "interaction", "leaky", "temperature", 1.1,
            "epochs", 20, "batch-size", 50, "learning-rate", 0.1, "momentum", 0.6));
    /** 5 tasks of 300 training and 200 test images each. */
    static final DataSpec DATA = new DataSpec("permuted-mnist", 5, null, null, null, null, null, 300, 200, 0, null);
    static final long SEED = 1;

    private McAlisterPermutedMnist() {
    }

    static void run(PresetContext ctx) throws IOException {
        DataSpec data = DATA.overriddenBy(new DataSpec(null, null, null, null, null, null, null, null, null, null,
                ctx.dataDirText()));
        data.check();
        List<Spec> strategies = ctx.registry().strategies().stream().map(StrategyProvider::name).map(Spec::of).toList();
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        grid.put("n", N_GRID);
        long seed = ctx.seedOr(SEED);
        List<Sweep.Trial> trials = Sweep.trials(List.of(MODEL), strategies, grid, Map.of(), List.of(seed));
        Sweep.run(ctx.registry(), "mcalister-permuted-mnist", trials, data::build,
                new Runner.Options(new double[] {0, 0.1, 0.2}, 100), ctx.out(), Sweep.Format.JSONL, ctx.stdout());
    }
}
