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

    /**
     * Capacity: the largest T whose benchmark accuracy is at least {@code theta}, found by doubling T until the
     * accuracy falls below {@code theta} and then bisecting (each T measured on its own items, seeded from
     * {@code seed} and T). 0 when even one item fails; the search stops at 64 N.
     */
    public int capacity(ModelSpec spec, int n, double theta, long seed) {
        int limit = 64 * n;
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
     * Continual recall with delay R: at each of {@code steps} steps, when the item stored exactly R steps
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
