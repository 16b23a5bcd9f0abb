package dev.engram.experiments.preset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The presets by name. Add a preset with one {@code add(...)} line in the static block. */
public final class Presets {
    private static final Map<String, Preset> ALL = new LinkedHashMap<>();

    static {
        add(new Preset("demo", "sequential-learning comparison: dam with every installed strategy on random "
                + "bipolar tasks (no download, about a minute); what 'engram run' runs by default", DemoPreset::run));
        add(new Preset(McAlisterMnist.NAME, "McAlister et al. 2024, one task at the authors' scale: the dam "
                + "classifier (K = 256) on all of MNIST, n in {2,3,5,10,20,30,40}, 3 seeds, test accuracy with 95% "
                + "intervals; needs MNIST (scripts/fetch-data.sh mnist); about 10 minutes on 2 cores",
                McAlisterMnist::run));
        add(new Preset(McAlisterPermutedMnist.NAME, "McAlister et al. 2024 at the authors' scale: five permuted-MNIST "
                + "tasks of 10,000 images, full test set, K = 256, every strategy, n in {2,3,5,10,20,30,40}, 3 seeds; "
                + "a resumable sweep (--shard, --cluster); needs MNIST; about 70 minutes on 2 cores (docs/experiments.md)",
                McAlisterPermutedMnist::run, true));
        add(new Preset("mcalister-permuted-mnist-small", "McAlister et al. 2024 at small scale: five permuted-MNIST "
                + "tasks of 200 images, dam classifier (K = 64), every strategy, n in {2,3,5,10,20,30}; needs MNIST; "
                + "a sweep (--shard, --cluster); minutes", McAlisterPermutedMnistSmall::run, true));
        add(new Preset(dev.engram.experiments.kv.KvStudies.CAPACITY_PRESET, "Tyulmankov et al. 2021: capacity at "
                + "accuracy 0.98 of kv (sequential, random p=0.1) and Hebbian hopfield for N in {20,40,80,160}, 50 "
                + "repeats, linear fits (no download, about 15 s)", dev.engram.experiments.kv.KvStudies::runCapacityPreset));
    }

    private Presets() {
    }

    /** Registers a preset. */
    public static synchronized void add(Preset p) {
        if (ALL.putIfAbsent(p.name(), p) != null) {
            throw new IllegalStateException("two presets are named '" + p.name() + "'");
        }
    }

    public static synchronized List<Preset> all() {
        return new ArrayList<>(ALL.values());
    }

    /**
     * The preset named {@code name}.
     *
     * @throws IllegalArgumentException listing the presets when there is none of that name
     */
    public static synchronized Preset get(String name) {
        Preset p = ALL.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; accepted: " + String.join(", ", ALL.keySet()));
        }
        return p;
    }
}
