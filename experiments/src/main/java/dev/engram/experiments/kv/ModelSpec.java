package dev.engram.experiments.kv;

import dev.engram.api.Model;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model of the key-value experiments: a label for results and plots, the provider name and its parameters
 * ({@code kv} gets {@code slots-count} from the experiment unless the parameters set it).
 */
public record ModelSpec(String label, String model, Map<String, String> params) {

    public ModelSpec {
        params = Map.copyOf(params);
    }

    /** {@code kv} with sequential slots and the simple rule. */
    public static ModelSpec kvSequential() {
        return new ModelSpec("kv-sequential", "kv", Map.of("slots", "sequential"));
    }

    /** {@code kv} with random slots, write probability {@code p} (0 = 4/N). */
    public static ModelSpec kvRandom(double p) {
        return new ModelSpec(p == 0 ? "kv-random" : "kv-random-p" + p, "kv",
                Map.of("slots", "random", "write-prob", Double.toString(p)));
    }

    /** Classical Hopfield: Hebbian, diagonal kept, synchronous recall, the given decay. */
    public static ModelSpec hopfield(double decay) {
        return new ModelSpec(decay == 1.0 ? "hopfield" : "hopfield-decay" + decay, "hopfield",
                Map.of("rule", "hebbian", "diagonal", "keep", "recall", "sync", "decay", Double.toString(decay),
                        "rate", "1"));
    }

    /** BAM with value dimension m (0 = d). */
    public static ModelSpec bam(int m) {
        return new ModelSpec("bam", "bam", Map.of("value-dim", Integer.toString(m)));
    }

    /** The same spec with more parameters. */
    public ModelSpec with(String label, Map<String, String> more) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.putAll(more);
        return new ModelSpec(label, model, p);
    }

    /** A new model of key dimension {@code d} with {@code slots} slots (kv only) and the given seed. */
    public Assoc create(Registry registry, int d, int slots, long seed) {
        ModelProvider provider = registry.model(model);
        Map<String, String> p = new LinkedHashMap<>(params);
        if (model.equals("kv") && !p.containsKey("slots-count")) {
            p.put("slots-count", Integer.toString(slots));
        }
        Model m = provider.create(new ModelContext(d, provider.parseParams(p), registry.kernels(), seed));
        return Assoc.of(m);
    }
}
