package dev.engram.experiments.data;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Probe;
import dev.engram.api.learn.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tasks learned one after another, all of one dimension, with the settings that made them (for results).
 */
public record TaskSequence(String kind, List<Task> tasks, Map<String, Object> settings) {
    public TaskSequence {
        tasks = List.copyOf(tasks);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a task sequence needs at least one task");
        }
        int n = tasks.get(0).dimension();
        for (Task t : tasks) {
            if (t.dimension() != n) {
                throw new IllegalArgumentException("task '" + t.name() + "' has dimension " + t.dimension()
                        + "; the sequence's first task has " + n);
            }
        }
    }

    /** Neurons per state. */
    public int dimension() {
        return tasks.get(0).dimension();
    }

    public int size() {
        return tasks.size();
    }

    /**
     * Probes from task {@code t}'s training items with a fraction {@code noise} of their free components
     * flipped: for autoassociative items every component is free and every neuron may change; for classifier
     * items (with trained neurons) the input components are corrupted, the trained (class) neurons start at -1
     * and only they may change. At most {@code maxProbes} items are used (the first ones). Scored like the
     * task.
     */
    public Task noisyCopy(int t, double noise, int maxProbes, long seed) {
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("noise level is " + noise + "; accepted: 0 to 1");
        }
        Task task = tasks.get(t);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Probe> probes = new ArrayList<>();
        for (Item item : task.items()) {
            if (probes.size() >= maxProbes) {
                break;
            }
            probes.add(corrupt(item, noise, rng));
        }
        return new Task(task.name() + "@noise=" + noise, task.items(), probes, task.scoring());
    }

    /** One corrupted probe of {@code item} (see {@link #noisyCopy}). */
    public static Probe corrupt(Item item, double noise, SplittableRandom rng) {
        BipolarPattern s = item.state();
        int n = s.size();
        NeuronMask trained = item.trained();
        if (trained == null || trained.isAll()) {
            int flips = (int) Math.round(noise * n);
            return new Probe(s.flipRandom(flips, rng), s, null);
        }
        int[] free = new int[n - trained.count()];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!trained.contains(i)) {
                free[k++] = i;
            }
        }
        int flips = (int) Math.round(noise * free.length);
        long[] w = s.words();
        for (int j = 0; j < flips; j++) {
            int r = j + rng.nextInt(free.length - j);
            int tmp = free[j];
            free[j] = free[r];
            free[r] = tmp;
            w[free[j] >>> 6] ^= 1L << free[j];
        }
        for (int i : trained.indices()) {
            w[i >>> 6] &= ~(1L << i);
        }
        return new Probe(BipolarPattern.fromWords(w, n), s, trained);
    }
}
