package dev.engram.experiments.preset;

import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Spec;
import dev.engram.experiments.sweep.Sweep;
import dev.engram.experiments.sweep.Trial;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * McAlister, Robins and Szymanski (2024), "Sequential Learning in the Dense Associative Memory", at a scale that
 * runs in minutes on two cores: five permuted-MNIST tasks in the classifier form, the {@code dam} trained with
 * every installed strategy, for each interaction vertex n in {@link #N_GRID}; plotted as accuracy against n per
 * strategy ({@code sweep-acc}). A sweep: trials are logged as they finish and a second start resumes.
 */
final class McAlisterPermutedMnistSmall {
    static final List<Integer> N_GRID = List.of(2, 3, 5, 10, 20, 30);
    /**
     * The temperature for each n (0 = the model's automatic temperature, T = 0.071 at n = 2): chosen so that one
     * task is learned at this scale (a single-task check, 200 images, 30 epochs); a fixed T fails at one end of
     * the grid or the other.
     */
    static final Map<Integer, Double> TEMPERATURE = Map.of(2, 0.0, 3, 0.2, 5, 0.3, 10, 0.4, 20, 0.5, 30, 0.5);
    /** The classifier DAM (leaky rectified polynomial, as the authors' MNIST example), smaller and shorter. */
    static final Spec MODEL = new Spec("dam", DemoPreset.orderedMap(
            "mode", "trained", "memories", 64, "interaction", "leaky", "init-std", 1.0,
            "epochs", 30, "batch-size", 10, "learning-rate", 0.1, "learning-rate-decay", 0.999, "momentum", 0.6));
    /** 5 tasks of 200 training and 200 test images each (a different random subset per task). */
    static final DataSpec DATA = new DataSpec("permuted-mnist", 5, null, null, null, null, null, 200, 200, 0, null);
    static final long SEED = 1;

    /** Corrupted-probe recall after the last task. */
    static final Runner.Options OPTIONS = new Runner.Options(new double[] {0, 0.1, 0.2}, 100);

    private McAlisterPermutedMnistSmall() {
    }

    static void run(PresetContext ctx) throws IOException {
        DataSpec data = ctx.withDataDir(DATA);
        data.check();
        List<Spec> strategies = ctx.registry().strategies().stream().map(StrategyProvider::name).map(Spec::of).toList();
        List<Map<String, Object>> points = new ArrayList<>();
        for (int n : N_GRID) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("n", n);
            p.put("temperature", TEMPERATURE.get(n));
            points.add(p);
        }
        long seed = ctx.seedOr(SEED);
        List<Trial> trials = Trial.ofPoints(List.of(MODEL), strategies, points, List.of(Map.of()),
                List.of(seed), data, OPTIONS);
        Sweep.run(ctx.registry(), new Sweep.Setup("mcalister-permuted-mnist-small", "model.n", Sweep.Format.JSONL, null),
                Sweep.keys(ctx.registry(), trials), ctx.execution(), ctx.out(), ctx.stdout());
    }
}
