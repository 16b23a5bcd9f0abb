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

    /** {@code kv} with random slots, write probability {@code p} (0 = 4/N), labelled {@code label}. */
    public static ModelSpec kvRandom(String label, double p) {
        return new ModelSpec(label, "kv", Map.of("slots", "random", "write-prob", Double.toString(p)));
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

    /**
     * The authors' Hopfield baseline of continual recall: decay on every step (queries included), rate 1, reads
     * to a fixed point or {@code steps} steps ({@link Assoc.EveryStepHopfield}).
     */
    public static ModelSpec hopfieldEveryStep(double decay, int steps) {
        return new ModelSpec("hopfield-decay" + decay, "hopfield", Map.of(EVERY_STEP, "true", "decay",
                Double.toString(decay), "rate", "1", "steps", Integer.toString(steps)));
    }

    /** The parameter that selects {@link Assoc.EveryStepHopfield} (not a parameter of the registry's model). */
    static final String EVERY_STEP = "decay-every-step";

    /** The parameter that selects {@link Assoc.SynapseStableKv} (not a parameter of the registry's model). */
    static final String STABILITY = "stability";

    /**
     * {@code kv} with the authors' per-synapse stability ({@link Assoc.SynapseStableKv}): sequential slots or random
     * slots with probability {@code p} (0 = 4/N), stability threshold {@code threshold}.
     */
    public static ModelSpec kvSynapseStable(String label, boolean random, double p, double threshold) {
        return new ModelSpec(label, "kv", Map.of(STABILITY, "synapse", "slots", random ? "random" : "sequential",
                "write-prob", Double.toString(p), "flashbulb-threshold", Double.toString(threshold)));
    }

    /**
     * A trained general rule ({@code scalars}) under the authors' per-synapse stability ({@link Assoc.SynapseStableKv}
     * with a rule), sequential slots, stability threshold {@code threshold}.
     */
    public static ModelSpec kvSynapseStableRule(String label, Map<String, Double> scalars, double threshold) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(STABILITY, "synapse");
        p.put("slots", "sequential");
        p.put("write-prob", "0");
        p.put("flashbulb-threshold", Double.toString(threshold));
        p.put("rule", "general");
        scalars.forEach((k, v) -> p.put(k, Double.toString(v)));
        return new ModelSpec(label, "kv", p);
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
        if (params.containsKey(EVERY_STEP)) {
            Model base = provider.create(new ModelContext(d, provider.parseParams(Map.of()), registry.kernels(), seed));
            return new Assoc.EveryStepHopfield(registry.kernels(), base, d, Double.parseDouble(params.get("decay")),
                    Double.parseDouble(params.get("rate")), Integer.parseInt(params.get("steps")));
        }
        if (params.containsKey(STABILITY)) {
            Model base = provider.create(new ModelContext(d, provider.parseParams(Map.of("slots-count",
                    Integer.toString(slots))), registry.kernels(), seed));
            Map<String, Double> rule = null;
            if ("general".equals(params.get("rule"))) {
                rule = new LinkedHashMap<>();
                for (String name : MetaLearning.SCALARS) {
                    rule.put(name, Double.parseDouble(params.get(name)));
                }
            }
            return new Assoc.SynapseStableKv(registry.kernels(), base, d, slots, params.get("slots").equals("random"),
                    Double.parseDouble(params.get("write-prob")), Double.parseDouble(params.get("flashbulb-threshold")),
                    seed, rule);
        }
        Map<String, String> p = new LinkedHashMap<>(params);
        if (model.equals("kv") && !p.containsKey("slots-count")) {
            p.put("slots-count", Integer.toString(slots));
        }
        Model m = provider.create(new ModelContext(d, provider.parseParams(p), registry.kernels(), seed));
        return Assoc.of(m);
    }
}
