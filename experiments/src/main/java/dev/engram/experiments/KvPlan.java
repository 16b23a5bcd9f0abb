package dev.engram.experiments;

import dev.engram.experiments.kv.KvExperiments;
import dev.engram.experiments.kv.KvStudies;
import dev.engram.experiments.kv.MetaLearning;
import dev.engram.experiments.kv.RuleFile;
import java.util.Arrays;

/**
 * One of the key-value memory studies of Tyulmankov et al. 2021 ({@link dev.engram.experiments.kv.KvStudies});
 * what {@code engram kv STUDY} does. Each writes {@code STUDY.json}, {@code STUDY.csv} and a plot into the
 * output folder and prints its points. Every record checks its values: an out-of-range one is an {@link
 * IllegalArgumentException} naming it.
 */
public sealed interface KvPlan extends Plan {

    /** The seed of all randomness. */
    long seed();

    /** Independent runs per point. */
    int repeats();

    /** The study's name: {@code benchmark}, {@code capacity}, ... */
    String study();

    @Override
    default String name() {
        return "kv-" + study();
    }

    /**
     * Autoassociative recall accuracy against the number of stored items; {@code p} is the random-slot probability
     * (0 = 4/N).
     */
    record Benchmark(int n, int[] items, double p, int repeats, long seed) implements KvPlan {
        public Benchmark(int n, int[] items, int repeats, long seed) {
            this(n, items, 0, repeats, seed);
        }

        public Benchmark {
            positive("N", n);
            probability(p);
            items = positives("items", items);
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "benchmark";
        }
    }

    /**
     * Capacity at accuracy {@code theta} for each size, with a linear fit; {@code p} is the random-slot probability
     * (the paper's 0.1), {@code search} the authors' or Engram's first search.
     */
    record Capacity(int[] sizes, double theta, double p, KvExperiments.Search search, int repeats, long seed)
            implements KvPlan {
        public Capacity(int[] sizes, double theta, int repeats, long seed) {
            this(sizes, theta, 0.1, KvExperiments.Search.AUTHORS, repeats, seed);
        }

        public Capacity {
            probability(p);
            java.util.Objects.requireNonNull(search, "search");
            sizes = positives("sizes", sizes);
            if (!(theta > 0 && theta <= 1)) {
                throw new IllegalArgumentException("theta is " + theta + "; accepted: a number in (0, 1]");
            }
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "capacity";
        }
    }

    /** The most steps of a continual-recall run: 10 million (hours at N = 40 over the default delays and repeats). */
    int MAX_STEPS = 10_000_000;

    /**
     * Continual recall accuracy against the delay R: {@code store} = the authors' task (store signal only for the
     * items queried later, 1.5 x max(steps, 20 R) steps) or every item stored (max(steps, 20 R) steps); {@code p}
     * the random-slot probability (0 = 4/N).
     */
    record Continual(int n, int[] delays, int steps, double p, KvExperiments.Store store, RuleFile.Rule rule,
                     int repeats, long seed) implements KvPlan {
        public Continual(int n, int[] delays, int steps, int repeats, long seed) {
            this(n, delays, steps, 0, KvExperiments.Store.QUERIED, null, repeats, seed);
        }

        public Continual {
            positive("N", n);
            delays = positives("delays", delays);
            positive("steps", steps);
            java.util.Objects.requireNonNull(store, "store");
            probability(p);
            if (steps > MAX_STEPS) {
                throw new IllegalArgumentException("steps is " + steps + "; accepted: an integer from 1 to " + MAX_STEPS
                        + " (every step is a write or a read, for each delay, model and repeat)");
            }
            for (int r : delays) {
                long total = KvExperiments.continualSteps(store, steps, r);
                if (total > MAX_STEPS) {
                    throw new IllegalArgumentException("delay " + r + " needs a run of " + total + " steps; accepted: delays"
                            + " whose run (" + (store == KvExperiments.Store.QUERIED ? "1.5 x " : "")
                            + "max(steps, 20 R)) has at most " + MAX_STEPS + " steps");
                }
            }
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "continual";
        }
    }

    /** Recall of correlated items against T, for each correlation; {@code p} random-slot probability (0 = 4/N). */
    record Correlated(int n, double[] rhos, int[] items, double p, int repeats, long seed) implements KvPlan {
        public Correlated(int n, double[] rhos, int[] items, int repeats, long seed) {
            this(n, rhos, items, 0, repeats, seed);
        }

        public Correlated {
            positive("N", n);
            probability(p);
            rhos = rhos.clone();
            for (double r : rhos) {
                if (!(r >= 0 && r <= 1)) {
                    throw new IllegalArgumentException("rho " + r + " is outside [0, 1]");
                }
            }
            items = positives("items", items);
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "correlated";
        }
    }

    /** Heteroassociative recall (keys of dimension N, values of dimension m) against T. */
    record Hetero(int n, int m, int[] items, double p, RuleFile.Rule rule, int repeats, long seed) implements KvPlan {
        public Hetero(int n, int m, int[] items, int repeats, long seed) {
            this(n, m, items, 0, null, repeats, seed);
        }

        public Hetero {
            positive("N", n);
            probability(p);
            positive("m", m);
            items = positives("items", items);
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "hetero";
        }
    }

    /** Sequence recall accuracy against the sequence length. */
    record Sequence(int n, int[] lengths, double p, RuleFile.Rule rule, int repeats, long seed) implements KvPlan {
        public Sequence(int n, int[] lengths, int repeats, long seed) {
            this(n, lengths, 0, null, repeats, seed);
        }

        public Sequence {
            positive("N", n);
            probability(p);
            lengths = lengths.clone();
            for (int l : lengths) {
                if (l < 2) {
                    throw new IllegalArgumentException("sequence length " + l + "; accepted: integers >= 2");
                }
            }
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "sequence";
        }
    }

    /**
     * Flashbulb memory (the paper's Fig. 4b): the authors' continual recall ({@code storeSteps} store steps + half as
     * many recall steps) with a fraction of salient items; accuracy of salient and ordinary items against the delay.
     */
    record Flashbulb(int n, int[] delays, int storeSteps, double salientFraction, double p, KvStudies.Stability stability,
                     double synapseThreshold, double randomSynapseThreshold, RuleFile.Rule rule, int repeats, long seed)
            implements KvPlan {
        public Flashbulb {
            if (rule != null && stability == KvStudies.Stability.SLOT) {
                throw new IllegalArgumentException("a trained rule has no per-slot stability (its value rate has no"
                        + " slot factor); accepted with a rule: stability synapse or both");
            }
            positive("N", n);
            delays = positives("delays", delays);
            positive("steps", storeSteps);
            if (storeSteps > MAX_STEPS / 2) {
                throw new IllegalArgumentException("steps is " + storeSteps + "; accepted: an integer from 1 to "
                        + MAX_STEPS / 2);
            }
            long total = KvExperiments.continualSteps(KvExperiments.Store.QUERIED, storeSteps, 0);
            for (int r : delays) {
                if (r >= total) {
                    throw new IllegalArgumentException("delay " + r + " does not fit in a run of " + total + " steps ("
                            + storeSteps + " store steps + " + (total - storeSteps) + " recall steps); accepted: delays"
                            + " from 1 to " + (total - 1));
                }
            }
            if (!(salientFraction > 0 && salientFraction <= 1)) {
                throw new IllegalArgumentException("salient fraction is " + salientFraction + "; accepted: a number in (0, 1]");
            }
            probability(p);
            java.util.Objects.requireNonNull(stability, "stability");
            if (!(synapseThreshold >= 1 && synapseThreshold <= 1e6)) {
                throw new IllegalArgumentException("stability threshold is " + synapseThreshold + "; accepted: 1 to 1e6");
            }
            if (!(randomSynapseThreshold >= 1 && randomSynapseThreshold <= 1e6)) {
                throw new IllegalArgumentException("random-slot stability threshold is " + randomSynapseThreshold
                        + "; accepted: 1 to 1e6");
            }
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "flashbulb";
        }
    }

    /** Optimised capacity (the paper's Fig. 3b): random slots p = k/N, rules meta-learned per (k, N). */
    record OptimisedCapacity(dev.engram.experiments.kv.OptimisedCapacity.Config config) implements KvPlan {
        @Override
        public long seed() {
            return config.seed();
        }

        @Override
        public int repeats() {
            return config.repeats();
        }

        @Override
        public String study() {
            return "optimised-capacity";
        }
    }

    /** Meta-learning of the general rule's scalars with CMA-ES. */
    record Metalearn(MetaLearning.Config config) implements KvPlan {
        @Override
        public long seed() {
            return config.seed();
        }

        @Override
        public int repeats() {
            return config.testRepeats();
        }

        @Override
        public String study() {
            return "metalearn";
        }
    }

    /** A random-slot probability: 0 (= 4/N) or a number in (0, 1]. */
    private static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p is " + p + "; accepted: a number in (0, 1] (0 = the default 4/N)");
        }
        return p;
    }

    private static int positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " is " + v + "; accepted: an integer >= 1");
        }
        return v;
    }

    private static int[] positives(String name, int[] vs) {
        if (vs == null || vs.length == 0) {
            throw new IllegalArgumentException(name + " is empty; accepted: integers >= 1");
        }
        for (int v : vs) {
            positive(name, v);
        }
        return Arrays.copyOf(vs, vs.length);
    }
}
