package dev.engram.bench.models;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Engram;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.spi.Registry;
import dev.engram.core.kernel.ScalarKernels;
import dev.engram.core.kernel.panama.PanamaKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmarked models, built through their providers (as users build them) on an explicit backend:
 * <ul>
 *   <li>{@code hopfield-1024}: hopfield, Hebbian, N = 1024, 100 stored patterns (0.1 N), asynchronous recall;</li>
 *   <li>{@code dam-784-k1000-n3} / {@code -n20}: dam, mode=stored, N = 784, K = 1000 random memories, polynomial
 *       interaction of degree 3 / 20, normalised form, synchronous recall.</li>
 * </ul>
 * Probes are stored patterns with 10% of their components flipped (64 of them, cycled).
 */
final class ModelSetups {
    static final int PROBES = 64;
    private static final Registry REGISTRY = Registry.load();

    private ModelSetups() {
    }

    static Kernels backend(String backend) {
        return switch (backend) {
            case "scalar" -> ScalarKernels.INSTANCE;
            case "panama" -> PanamaKernels.INSTANCE;
            default -> throw new IllegalArgumentException("backend '" + backend + "'; accepted: scalar, panama");
        };
    }

    /** A frozen model and its probes. */
    record Setup(BipolarMemory model, long[][] probes) {
    }

    static Setup build(String spec, String backend) {
        Kernels k = backend(backend);
        return switch (spec) {
            case "hopfield-1024" -> make("hopfield", 1024, 100, Map.of("rule", "hebbian", "recall", "async"), k);
            case "dam-784-k1000-n3" -> make("dam", 784, 1000,
                    Map.of("mode", "stored", "interaction", "polynomial", "n", 3, "recall", "sync"), k);
            case "dam-784-k1000-n20" -> make("dam", 784, 1000,
                    Map.of("mode", "stored", "interaction", "polynomial", "n", 20, "recall", "sync"), k);
            default -> throw new IllegalArgumentException("model setup '" + spec
                    + "'; accepted: hopfield-1024, dam-784-k1000-n3, dam-784-k1000-n20");
        };
    }

    private static Setup make(String name, int n, int k, Map<String, ?> params, Kernels kernels) {
        BipolarMemory m = Engram.memory(name).dimension(n).params(params).kernels(kernels).seed(42).registry(REGISTRY)
                .build();
        SplittableRandom rng = new SplittableRandom(7);
        List<BipolarPattern> stored = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            stored.add(BipolarPattern.random(n, rng));
        }
        m.storeAll(stored);
        m.freeze();
        long[][] probes = new long[PROBES][];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = stored.get(rng.nextInt(k)).flipRandom(n / 10, rng).words();
        }
        return new Setup(m, probes);
    }
}
