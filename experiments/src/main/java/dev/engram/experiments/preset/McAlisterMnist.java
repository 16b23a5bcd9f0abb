package dev.engram.experiments.preset;

import dev.engram.experiments.DataSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classifier of McAlister, Robins and Szymanski on one task at the authors' scale: all 60,000 MNIST training
 * images, scored on the 10,000 test images, K = 256 memories, the leaky rectified polynomial, for each
 * interaction vertex n in {@link #N_GRID}, three seeds. The temperature comes from one rule for every n (see
 * {@link #MODEL}), not from values picked per n. A {@link ClassifierStudy}: resumable, per-epoch test curves,
 * mean ± 95 % interval per n. Settings and results: docs/models.md.
 */
final class McAlisterMnist {
    static final String NAME = "mcalister-mnist";
    static final List<Integer> N_GRID = List.of(2, 3, 5, 10, 20, 30, 40);
    /**
     * The classifier DAM. {@code temperature = 0} with {@code temperature-overlap = 0.5}: for every n the
     * temperature that makes the field of a memory at normalised overlap 1/2 with the state about 1,
     * {@code 2n (β/N) (β/2)^(n−1) = 1} (docs/models.md shows the temperature × n sweep behind it).
     */
    static final Map<String, Object> MODEL = DemoPreset.orderedMap(
            "mode", "trained", "memories", 256, "interaction", "leaky", "temperature", 0.0,
            "temperature-overlap", 0.5, "init-std", 1.0, "epochs", 30, "batch-size", 128, "learning-rate", 0.1,
            "learning-rate-decay", 0.999, "momentum", 0.6);
    /** Every training and test image of MNIST, one task. */
    static final DataSpec DATA = new DataSpec("mnist", 1, null, null, null, null, null, null, null, 0, null);
    static final int EVAL_EVERY = 5;
    static final long SEED = 1;

    private McAlisterMnist() {
    }

    static ClassifierStudy study(PresetContext ctx) {
        long s = ctx.seedOr(SEED);
        return new ClassifierStudy(NAME, "dam", MODEL, "n", nPoints(N_GRID), List.of(s, s + 1, s + 2), EVAL_EVERY,
                ctx.withDataDir(DATA));
    }

    /** One grid point {@code {n: v}} per vertex. */
    static List<Map<String, Object>> nPoints(List<Integer> grid) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (int n : grid) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("n", n);
            points.add(p);
        }
        return points;
    }

    static void run(PresetContext ctx) throws IOException {
        study(ctx).run(ctx.registry(), ctx.out(), ctx.stdout());
    }
}
