package dev.engram.experiments;

import dev.engram.experiments.kv.MetaLearning;
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

    /** Autoassociative recall accuracy against the number of stored items. */
    record Benchmark(int n, int[] items, int repeats, long seed) implements KvPlan {
        public Benchmark {
            positive("N", n);
            items = positives("items", items);
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "benchmark";
        }
    }

    /** Capacity at accuracy {@code theta} for each size, with a linear fit. */
    record Capacity(int[] sizes, double theta, int repeats, long seed) implements KvPlan {
        public Capacity {
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

    /** Continual recall accuracy against the delay R. */
    record Continual(int n, int[] delays, int steps, int repeats, long seed) implements KvPlan {
        public Continual {
            positive("N", n);
            delays = positives("delays", delays);
            positive("steps", steps);
            if (steps > MAX_STEPS) {
                throw new IllegalArgumentException("steps is " + steps + "; accepted: an integer from 1 to " + MAX_STEPS
                        + " (every step is a write or a read, for each delay, model and repeat)");
            }
            positive("repeats", repeats);
        }

        @Override
        public String study() {
            return "continual";
        }
    }

    /** Recall of correlated items against T, for each correlation. */
    record Correlated(int n, double[] rhos, int[] items, int repeats, long seed) implements KvPlan {
        public Correlated {
            positive("N", n);
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
    record Hetero(int n, int m, int[] items, int repeats, long seed) implements KvPlan {
        public Hetero {
            positive("N", n);
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
    record Sequence(int n, int[] lengths, int repeats, long seed) implements KvPlan {
        public Sequence {
            positive("N", n);
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
