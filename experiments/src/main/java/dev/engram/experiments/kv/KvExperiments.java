package dev.engram.experiments.kv;

import dev.engram.api.BipolarPattern;
import dev.engram.api.RealVector;
import dev.engram.api.spi.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The measurements of Tyulmankov et al. 2021 on any memory of the registry ({@code kv}, {@code bam},
 * {@code hopfield}): each method runs one episode (or one search) from an explicit seed. Key dimension d and
 * slot count N are equal unless stated.
 */
public final class KvExperiments {
    private final Registry registry;

    public KvExperiments(Registry registry) {
        this.registry = registry;
    }

    public Registry registry() {
        return registry;
    }

    /** Mean bit accuracy of 60%-masked queries of {@code items} after storing all of them (q = 1) in order. */
    public double recall(ModelSpec spec, int n, List<BipolarPattern> items, long seed) {
        int d = items.getFirst().size();
        Assoc mem = spec.create(registry, d, n, seed);
        for (BipolarPattern x : items) {
            mem.write(x, x, 1f);
        }
        SplittableRandom rng = new SplittableRandom(KvTasks.seed(seed, 1));
        double acc = 0;
        for (BipolarPattern x : items) {
            acc += KvTasks.bitAccuracy(x, mem.read(KvTasks.masked(x, rng)));
        }
        return acc / items.size();
    }

    /** Autoassociative benchmark: T uniformly random items of dimension d = N, 60%-masked queries. */
    public double benchmark(ModelSpec spec, int n, int t, long seed) {
        return recall(spec, n, KvTasks.random(t, n, new SplittableRandom(seed)), seed);
    }

    /** The benchmark with correlated items (template, correlation {@code rho}). */
    public double correlated(ModelSpec spec, int n, double rho, int t, long seed) {
        return recall(spec, n, KvTasks.correlated(t, n, rho, new SplittableRandom(seed)), seed);
    }

    /** How the capacity search walks T. */
    public enum Search {
        /**
         * The authors' search ({@code get_capacity} in bio-kvm's {@code plot_all_figs_helper.py}): lo = 1, hi = 2;
         * while lo &lt; hi, measure T = hi: a pass sets lo = hi and doubles hi (also during the bisection), a failure
         * sets hi = floor((lo + hi) / 2); reports hi. It never measures T = 1 and never reports less than 1.
         */
        AUTHORS,
        /**
         * Engram's first search: from T = 1 double until the first failure, then bisect between the last pass and
         * the first failure; reports 0 when T = 1 fails.
         */
        STRICT;

        /** The name on the command line ({@code authors}, {@code strict}). */
        public String cli() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Episodes averaged per measured T in the authors' search ({@code repeat=3} in {@code get_capacity}). */
    public static final int AUTHORS_EPISODES = 3;

    /** Capacity by the authors' search ({@link Search#AUTHORS}). */
    public int capacity(ModelSpec spec, int n, double theta, long seed) {
        return capacity(spec, n, theta, seed, Search.AUTHORS);
    }

    /**
     * Capacity: the largest T whose benchmark accuracy is at least {@code theta}, searched as {@code search} says.
     * {@link Search#AUTHORS}: every measurement is the mean of {@value #AUTHORS_EPISODES} episodes on fresh items
     * (a T measured twice gets new items); {@link Search#STRICT}: one episode per T, its items seeded from
     * {@code seed} and T. Both stop at 64 N.
     */
    public int capacity(ModelSpec spec, int n, double theta, long seed, Search search) {
        int limit = 64 * n;
        if (search == Search.AUTHORS) {
            return authorsSearch(limit, (t, evaluation) -> {
                double acc = 0;
                for (int b = 0; b < AUTHORS_EPISODES; b++) {
                    acc += benchmark(spec, n, t, KvTasks.seed(seed, t, evaluation, b));
                }
                return acc / AUTHORS_EPISODES >= theta;
            });
        }
        int good = 0;
        int t = 1;
        while (t <= limit && benchmark(spec, n, t, KvTasks.seed(seed, t)) >= theta) {
            good = t;
            t *= 2;
        }
        if (t > limit) {
            return good;
        }
        int bad = t;
        while (bad - good > 1) {
            int mid = (good + bad) >>> 1;
            if (benchmark(spec, n, mid, KvTasks.seed(seed, mid)) >= theta) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    /** Whether the accuracy at T passes, for the {@code evaluation}-th measurement of a search (0, 1, ...). */
    @FunctionalInterface
    public interface Passes {
        boolean test(int t, int evaluation);
    }

    /**
     * The authors' search ({@link Search#AUTHORS}) over any pass/fail measurement, T capped at {@code limit}
     * (reached: the last pass is reported).
     */
    public static int authorsSearch(int limit, Passes passes) {
        int lo = 1;
        int hi = 2;
        int evaluation = 0;
        while (lo < hi) {
            if (hi > limit) {
                return lo;
            }
            if (passes.test(hi, evaluation++)) {
                lo = hi;
                hi = hi * 2;
            } else {
                hi = (lo + hi) / 2;
            }
        }
        return hi;
    }

    /** Least-squares line {@code capacity = slope N + intercept}. */
    public record Fit(double slope, double intercept, double r2) {
        public static Fit of(List<Integer> xs, List<Double> ys) {
            SimpleRegression reg = new SimpleRegression();
            for (int i = 0; i < xs.size(); i++) {
                reg.addData(xs.get(i), ys.get(i));
            }
            return new Fit(reg.getSlope(), reg.getIntercept(), reg.getRSquare());
        }
    }

    /**
     * Continual recall with delay R, Engram's first variant ({@link Store#ALL}): at each of {@code steps} steps, when the item stored exactly R steps
     * earlier exists, it is queried (60% masked, q = 0; the step still advances the slot pointer) with
     * probability 1/2; otherwise a new random item is stored (q = 1). Returns the mean bit accuracy of the
     * queries.
     */
    public double continual(ModelSpec spec, int n, int r, int steps, long seed) {
        if (r < 1) {
            throw new IllegalArgumentException("delay R is " + r + "; accepted: an integer >= 1");
        }
        Assoc mem = spec.create(registry, n, n, seed);
        SplittableRandom rng = new SplittableRandom(KvTasks.seed(seed, 2));
        // only the last R + 1 steps' items can still be queried: a ring buffer, so that memory does not grow with steps
        int ring = (int) Math.min((long) r + 1, Math.max(1, steps));
        BipolarPattern[] stored = new BipolarPattern[ring];
        double acc = 0;
        int queries = 0;
        for (int t = 0; t < steps; t++) {
            BipolarPattern old = t >= r ? stored[(t - r) % ring] : null;
            stored[t % ring] = null;
            if (old != null && rng.nextBoolean()) {
                RealVector q = KvTasks.masked(old, rng);
                acc += KvTasks.bitAccuracy(old, mem.read(q));
                queries++;
                mem.write(old, old, 0f);
            } else {
                BipolarPattern x = BipolarPattern.random(n, rng);
                stored[t % ring] = x;
                mem.write(x, x, 1f);
            }
        }
        return queries == 0 ? Double.NaN : acc / queries;
    }

    /** Which items of continual recall get the store signal. */
    public enum Store {
        /**
         * The authors' task ({@code datasets/recall.py}, {@code recall_order='interleave'}): q = 1 only for the
         * items that will be queried R steps later; every other new item is presented with q = 0.
         */
        QUERIED,
        /** Engram's first variant: every new item is stored (q = 1). */
        ALL;

        /** The name on the command line ({@code queried}, {@code all}). */
        public String cli() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Fraction of the store steps that are followed by recall steps in the authors' task ({@code p_recall}). */
    public static final double P_RECALL = 0.5;

    /**
     * Steps of a continual-recall run with delay {@code r}: {@link Store#QUERIED}: T_store + floor(T_store / 2) with
     * T_store = max(minSteps, 20 R) (the authors' T_store + T_recall, 1.5 x max(1000, 20 R) by default);
     * {@link Store#ALL}: max(minSteps, 20 R).
     */
    public static long continualSteps(Store store, int minSteps, int r) {
        long base = Math.max(minSteps, 20L * r);
        return store == Store.QUERIED ? base + (long) (P_RECALL * base) : base;
    }

    /**
     * Continual recall as the authors define it ({@link Store#QUERIED}) or as Engram first did ({@link Store#ALL}),
     * {@link #continualSteps} steps. Returns the mean bit accuracy of the queries.
     */
    public double continual(ModelSpec spec, int n, int r, int minSteps, long seed, Store store) {
        long steps = continualSteps(store, minSteps, r);
        if (steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("delay R is " + r + ": a run of " + steps + " steps; accepted: at most "
                    + Integer.MAX_VALUE + " steps");
        }
        if (store == Store.ALL) {
            return continual(spec, n, r, (int) steps, seed);
        }
        return interleaved(spec, n, r, (int) steps, 0, 1f, seed).ordinary();
    }

    /** The accuracies of one interleaved episode: ordinary and salient queries (NaN where there were none). */
    public record Episode(double ordinary, int ordinaryQueries, double salient, int salientQueries) {
    }

    /**
     * One episode of the authors' interleaved task ({@code RecallDataset.make_time_indices} with a delay, and
     * {@code EcstasyRecall} for salient items): step i (i >= R) queries the item of step i - R with probability
     * {@link #P_RECALL} unless step i - R was itself a query; every other step presents a new random item, with
     * q = 1 when it will be queried, else q = 0. A query is the 60%-masked item with q = 0. Of the items that will
     * be queried, max(1, floor(count x {@code salientFraction})) chosen uniformly are salient (q = {@code strength})
     * when {@code salientFraction > 0}.
     */
    public Episode interleaved(ModelSpec spec, int n, int r, int steps, double salientFraction, float strength,
                               long seed) {
        if (r < 1 || r >= steps) {
            throw new IllegalArgumentException("delay R is " + r + " in a run of " + steps
                    + " steps; accepted: an integer from 1 to " + (steps - 1));
        }
        SplittableRandom rng = new SplittableRandom(KvTasks.seed(seed, 4));
        boolean[] recall = new boolean[steps];
        for (int i = r; i < steps; i++) {
            recall[i] = !recall[i - r] && rng.nextDouble() <= P_RECALL;
        }
        boolean[] salient = new boolean[steps];
        if (salientFraction > 0) {
            int[] queried = new int[steps];
            int count = 0;
            for (int i = 0; i + r < steps; i++) {
                if (recall[i + r]) {
                    queried[count++] = i;
                }
            }
            int k = Math.min(count, Math.max(1, (int) (count * salientFraction)));
            for (int j = 0; j < k; j++) {
                int pick = j + rng.nextInt(count - j);
                int tmp = queried[j];
                queried[j] = queried[pick];
                queried[pick] = tmp;
                salient[queried[j]] = true;
            }
        }
        Assoc mem = spec.create(registry, n, n, seed);
        BipolarPattern[] ring = new BipolarPattern[r + 1];
        double ord = 0;
        double sal = 0;
        int nOrd = 0;
        int nSal = 0;
        for (int t = 0; t < steps; t++) {
            if (recall[t]) {
                BipolarPattern old = ring[(t - r) % ring.length];
                double acc = KvTasks.bitAccuracy(old, mem.read(KvTasks.masked(old, rng)));
                if (salient[t - r]) {
                    sal += acc;
                    nSal++;
                } else {
                    ord += acc;
                    nOrd++;
                }
                mem.write(old, old, 0f);
            } else {
                BipolarPattern x = BipolarPattern.random(n, rng);
                boolean later = t + r < steps && recall[t + r];
                ring[t % ring.length] = later ? x : null;
                mem.write(x, x, later ? (salient[t] ? strength : 1f) : 0f);
            }
        }
        return new Episode(nOrd == 0 ? Double.NaN : ord / nOrd, nOrd, nSal == 0 ? Double.NaN : sal / nSal, nSal);
    }

    /**
     * Heteroassociative recall: T random keys (dimension d) paired with random values (dimension m) stored with
     * q = 1; each 60%-masked key is queried and the value's bits are scored.
     */
    public double hetero(ModelSpec spec, int d, int m, int n, int t, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<BipolarPattern> keys = KvTasks.random(t, d, rng);
        List<BipolarPattern> vals = KvTasks.random(t, m, rng);
        Assoc mem = spec.create(registry, d, n, seed);
        for (int i = 0; i < t; i++) {
            mem.write(keys.get(i), vals.get(i), 1f);
        }
        double acc = 0;
        for (int i = 0; i < t; i++) {
            acc += KvTasks.bitAccuracy(vals.get(i), mem.read(KvTasks.masked(keys.get(i), rng)));
        }
        return acc / t;
    }

    /**
     * Sequence recall: a sequence of {@code length} random items is stored as the transitions
     * {@code x_k -> x_(k+1)}; from the first item (unmasked) the memory is read {@code length - 1} times, each
     * output's sign fed back as the next query. Returns the mean bit accuracy of the recalled items.
     */
    public double sequence(ModelSpec spec, int d, int n, int length, long seed) {
        if (length < 2) {
            throw new IllegalArgumentException("sequence length is " + length + "; accepted: an integer >= 2");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<BipolarPattern> seq = KvTasks.random(length, d, rng);
        Assoc mem = spec.create(registry, d, n, seed);
        for (int k = 0; k + 1 < length; k++) {
            mem.write(seq.get(k), seq.get(k + 1), 1f);
        }
        RealVector cue = seq.getFirst().toRealVector();
        double acc = 0;
        for (int k = 1; k < length; k++) {
            RealVector y = KvTasks.sign(mem.read(cue));
            acc += KvTasks.bitAccuracy(seq.get(k), y);
            cue = y;
        }
        return acc / (length - 1);
    }

    /**
     * Mean, sample standard deviation and the 95 % t-interval of the repeats ({@link
     * dev.engram.experiments.Interval}, Apache Commons Math); one repeat has SD 0 and no interval.
     */
    public record Stat(double mean, double sd, int count, double low, double high) {
        public static Stat of(List<? extends Number> xs) {
            dev.engram.experiments.Interval in = dev.engram.experiments.Interval.of(
                    xs.stream().mapToDouble(Number::doubleValue).toArray());
            return new Stat(in.mean(), xs.size() > 1 ? in.sd() : 0, xs.size(), in.low(), in.high());
        }
    }

    /** Runs {@code f(repeat)} for repeats 0..count-1 and summarises. */
    public static Stat repeat(int count, java.util.function.IntToDoubleFunction f) {
        List<Double> xs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            xs.add(f.applyAsDouble(i));
        }
        return Stat.of(xs);
    }
}
