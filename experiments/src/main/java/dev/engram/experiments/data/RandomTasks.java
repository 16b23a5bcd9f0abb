package dev.engram.experiments.data;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Sizes;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Probe;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random bipolar autoassociative tasks: {@code tasks} tasks of {@code itemsPerTask} patterns of {@code dimension}
 * components. Each component of an item copies the sequence's random template with probability
 * {@code correlation} and is a fair coin otherwise, so the expected overlap of an item with the template is
 * {@code correlation} (0 = independent patterns). Each item gets one probe: the item with
 * {@code round(probeNoise * dimension)} components flipped, to be recalled to the item.
 */
public record RandomTasks(int dimension, int itemsPerTask, int tasks, double correlation, double probeNoise,
                          boolean exact) {
    public RandomTasks {
        check("dimension", dimension, 2, 1 << 20);
        check("items per task", itemsPerTask, 1, 1 << 20);
        check("tasks", tasks, 1, 10_000);
        if (!(correlation >= 0 && correlation <= 1)) {
            throw new IllegalArgumentException("correlation is " + correlation + "; accepted: 0 to 1");
        }
        if (!(probeNoise >= 0 && probeNoise <= 0.5)) {
            throw new IllegalArgumentException("probe noise is " + probeNoise + "; accepted: 0 to 0.5");
        }
        // every item and its probe are packed patterns: 8 bytes per 64 components and about 64 bytes of objects
        long perPattern = 8L * BipolarPattern.wordsFor(dimension) + 64;
        Sizes.requireMemory("random data of " + Sizes.count(tasks) + " tasks x " + Sizes.count(itemsPerTask)
                        + " items of N = " + Sizes.count(dimension),
                Sizes.times(Sizes.times(tasks, itemsPerTask), 2 * perPattern), "patterns and probes");
    }

    static void check(String what, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " is " + v + "; accepted: " + min + " to " + max);
        }
    }

    /** The sequence made from {@code seed}. */
    public TaskSequence generate(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        BipolarPattern template = BipolarPattern.random(dimension, rng);
        List<Task> list = new ArrayList<>();
        int flips = (int) Math.round(probeNoise * dimension);
        for (int t = 0; t < tasks; t++) {
            List<Item> items = new ArrayList<>();
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < itemsPerTask; i++) {
                BipolarPattern p = correlated(template, rng);
                items.add(Item.of(p));
                probes.add(new Probe(p.flipRandom(flips, rng), p, null));
            }
            list.add(new Task("task-" + (t + 1), items, probes, exact ? Scoring.exact() : Scoring.bits()));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "random");
        s.put("dimension", dimension);
        s.put("items", itemsPerTask);
        s.put("tasks", tasks);
        s.put("correlation", correlation);
        s.put("probe-noise", probeNoise);
        s.put("scoring", exact ? "exact" : "bits");
        s.put("seed", seed);
        return new TaskSequence("random", list, s);
    }

    private BipolarPattern correlated(BipolarPattern template, SplittableRandom rng) {
        int[] v = new int[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = rng.nextDouble() < correlation ? template.get(i) : (rng.nextBoolean() ? 1 : -1);
        }
        return BipolarPattern.of(v);
    }
}
