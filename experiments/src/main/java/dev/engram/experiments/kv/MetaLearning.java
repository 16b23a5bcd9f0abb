package dev.engram.experiments.kv;

import dev.engram.api.BipolarPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Meta-learning of the {@code kv} general rule's scalars (Tyulmankov et al. 2021, section on meta-learned
 * plasticity) with CMA-ES (Apache Commons Math) instead of the paper's Adam: the loss is the mean squared error
 * of the read values on the recall task (d = N, T ~ U[N/2, 2N] items stored with q = 1 and sequential slots,
 * then every item queried 60% masked, each query also a time step with q = 0), averaged over a fixed set of episodes (common random numbers, so the
 * objective is deterministic). Starts from the paper's initialisation: rates 0.5, affine functions (1, 0),
 * value decay 0.95, and the authors' trainable global third factor q' = a q + b ({@code i2tf}, a = 1, b = 0;
 * the {@code kv} parameters {@code global-scale}, {@code global-shift}).
 */
public final class MetaLearning {

    /** The general rule's scalars, in optimisation order: {@code kv} parameter names. */
    public static final List<String> SCALARS = List.of(
            "key-rate", "value-rate", "value-decay",
            "key-pre-scale", "key-pre-shift", "key-post-scale", "key-post-shift",
            "value-pre-scale", "value-pre-shift", "value-post-scale", "value-post-shift",
            "global-scale", "global-shift");

    private static final double[] INITIAL = {0.5, 0.5, 0.95, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    private static final double[] LOWER = {0, 0, 0, -2, -2, -2, -2, -2, -2, -2, -2, 0, -1};
    private static final double[] UPPER = {1, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1};
    private static final double[] SIGMA = {0.2, 0.2, 0.05, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.2, 0.1};

    /**
     * What to run: N (= d), the number of training episodes, the CMA-ES budget (evaluations, population), the
     * seed, and the number of fresh episodes for the final accuracy comparison at T = N.
     */
    public record Config(int n, int episodes, int evaluations, int population, int testRepeats, long seed,
                         boolean trainGlobal) {
        /** The 11 rule scalars only; the global third factor stays a = 1, b = 0. */
        public Config(int n, int episodes, int evaluations, int population, int testRepeats, long seed) {
            this(n, episodes, evaluations, population, testRepeats, seed, false);
        }

        /** How many scalars CMA-ES optimises: 11, or 13 with the global third factor. */
        public int dimensions() {
            return trainGlobal ? SCALARS.size() : SCALARS.size() - 2;
        }

        public Config {
            if (n < 4) {
                throw new IllegalArgumentException("N is " + n + "; accepted: an integer >= 4");
            }
            if (episodes < 1 || evaluations < population || population < 4 || testRepeats < 1) {
                throw new IllegalArgumentException("meta-learning needs episodes >= 1, population >= 4, evaluations >= "
                        + "population and test repeats >= 1; got episodes=" + episodes + ", population=" + population
                        + ", evaluations=" + evaluations + ", test repeats=" + testRepeats);
            }
        }
    }

    /**
     * How the learned scalars read. Raw ratios: {@code keyPostDependence = |a_gK| / (|a_gK| + |b_gK|)} (0: the
     * key update has no term in the postsynaptic activity h), {@code keyPreLinearity = |a_fK| / (|a_fK| + |b_fK|)}
     * (1: the key update is proportional to x), and the same linearity for both value factors (1 and 1: Hebbian,
     * {@code dV ~ y h'^T}). Because h at the written slot is small (a softmax over N slots), a post term can be
     * present in the scalars and still do nothing; the verdicts therefore use ablations of the learned rule, each
     * the relative change of the training loss when one scalar is set to 0 ({@code ablation} maps the scalar to
     * that change). {@code keyPreOnly}: dropping the key rule's post term ({@code key-post-scale}) and the
     * constant of its pre term ({@code key-pre-shift}) each changes the loss by at most 5%, while dropping the
     * pre term ({@code key-pre-scale}) or the constant post factor ({@code key-post-shift}) at least doubles it:
     * the key update is {@code const * x}. {@code valueHebbian}: dropping either constant
     * ({@code value-pre-shift}, {@code value-post-shift}) changes the loss by at most 5%, while dropping either
     * linear term ({@code value-pre-scale}, {@code value-post-scale}) at least doubles it: the value update is
     * {@code const * y h'^T}.
     */
    public record Findings(double keyPostDependence, double keyPreLinearity, double valuePostLinearity,
                           double valuePreLinearity, Map<String, Double> ablation, boolean keyPreOnly,
                           boolean valueHebbian) {
        /** Loss change threshold for "does nothing". */
        public static final double NEGLIGIBLE = 0.05;
        /** Loss change threshold for "needed" (the loss at least doubles). */
        public static final double NEEDED = 1.0;

        static Findings of(Map<String, Double> s, Map<String, Double> ablation) {
            double kPost = ratio(s.get("key-post-scale"), s.get("key-post-shift"));
            double kPre = ratio(s.get("key-pre-scale"), s.get("key-pre-shift"));
            double vPost = ratio(s.get("value-post-scale"), s.get("value-post-shift"));
            double vPre = ratio(s.get("value-pre-scale"), s.get("value-pre-shift"));
            boolean keyPreOnly = ablation.get("key-post-scale") <= NEGLIGIBLE && ablation.get("key-pre-shift") <= NEGLIGIBLE
                    && ablation.get("key-pre-scale") >= NEEDED && ablation.get("key-post-shift") >= NEEDED;
            boolean hebbian = ablation.get("value-pre-shift") <= NEGLIGIBLE && ablation.get("value-post-shift") <= NEGLIGIBLE
                    && ablation.get("value-pre-scale") >= NEEDED && ablation.get("value-post-scale") >= NEEDED;
            return new Findings(kPost, kPre, vPost, vPre, ablation, keyPreOnly, hebbian);
        }

        private static double ratio(double a, double b) {
            double s = Math.abs(a) + Math.abs(b);
            return s == 0 ? 0 : Math.abs(a) / s;
        }
    }

    /** The affine scalars the findings ablate. */
    static final List<String> ABLATED = List.of("key-pre-scale", "key-pre-shift", "key-post-scale", "key-post-shift",
            "value-pre-scale", "value-pre-shift", "value-post-scale", "value-post-shift");

    /** {@link Findings} of {@code scalars}, with ablations measured on the given episodes. */
    Findings findings(Map<String, Double> scalars, List<List<BipolarPattern>> episodes, long seed) {
        double base = loss(scalars, episodes, seed);
        Map<String, Double> ablation = new LinkedHashMap<>();
        for (String name : ABLATED) {
            Map<String, Double> a = new LinkedHashMap<>(scalars);
            a.put(name, 0.0);
            ablation.put(name, (loss(a, episodes, seed) - base) / base);
        }
        return Findings.of(scalars, ablation);
    }

    /** The outcome; {@code lossCurve[i]} is the best loss after evaluation i + 1. */
    public record Result(Config config, Map<String, Double> initial, Map<String, Double> learned, double initialLoss,
                         double learnedLoss, int evaluationsUsed, Findings findings, Findings initialFindings, double learnedAccuracy,
                         double sequentialAccuracy, double initialAccuracy, double[] lossCurve, long millis) {
    }

    private final KvExperiments experiments;

    public MetaLearning(KvExperiments experiments) {
        this.experiments = experiments;
    }

    /** The {@code kv} spec of the general rule with the given scalars. */
    public static ModelSpec spec(String label, Map<String, Double> scalars) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("rule", "general");
        p.put("slots", "sequential");
        scalars.forEach((k, v) -> p.put(k, Double.toString(v)));
        return new ModelSpec(label, "kv", p);
    }

    /** The scalars by name; a vector of 11 leaves the global third factor at a = 1, b = 0. */
    static Map<String, Double> named(double[] x) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < SCALARS.size(); i++) {
            m.put(SCALARS.get(i), i < x.length ? x[i] : INITIAL[i]);
        }
        return m;
    }

    /** Mean squared read error of the general rule with {@code scalars} over the fixed training episodes. */
    double loss(Map<String, Double> scalars, List<List<BipolarPattern>> episodes, long seed) {
        ModelSpec spec = spec("meta", scalars);
        double total = 0;
        int count = 0;
        for (int e = 0; e < episodes.size(); e++) {
            List<BipolarPattern> items = episodes.get(e);
            int n = items.getFirst().size();
            Assoc mem = spec.create(experiments.registry(), n, n, KvTasks.seed(seed, e));
            for (BipolarPattern x : items) {
                mem.write(x, x, 1f);
            }
            SplittableRandom rng = new SplittableRandom(KvTasks.seed(seed, e, 1));
            for (BipolarPattern x : items) {
                dev.engram.api.RealVector query = KvTasks.masked(x, rng);
                total += KvTasks.squaredError(x, mem.read(query));
                count++;
                // as in the authors' network, a query is a time step too: with q = 0 it writes only where the
                // global third factor q' = a q + b is not 0 (b > 0), which is how b is trained
                if (mem instanceof Assoc.KeyValue kv) {
                    kv.memory().write(query, query, 0f);
                }
            }
        }
        double l = total / count;
        return Double.isFinite(l) ? l : 1e6;
    }

    /** Runs CMA-ES; {@code onEvaluation} receives each evaluated loss (for a progress bar). */
    public Result run(Config c, DoubleConsumer onEvaluation) {
        long start = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(KvTasks.seed(c.seed(), 100));
        List<List<BipolarPattern>> episodes = new ArrayList<>();
        for (int e = 0; e < c.episodes(); e++) {
            int t = c.n() / 2 + rng.nextInt(2 * c.n() - c.n() / 2 + 1);
            episodes.add(KvTasks.random(t, c.n(), rng));
        }
        long lossSeed = KvTasks.seed(c.seed(), 101);
        double[] curve = new double[c.evaluations()];
        int[] used = {0};
        double[] best = {Double.POSITIVE_INFINITY};
        ObjectiveFunction objective = new ObjectiveFunction(x -> {
            double l = loss(named(x), episodes, lossSeed);
            if (l < best[0]) {
                best[0] = l;
            }
            if (used[0] < curve.length) {
                curve[used[0]] = best[0];
            }
            used[0]++;
            onEvaluation.accept(l);
            return l;
        });
        CMAESOptimizer optimizer = new CMAESOptimizer(Integer.MAX_VALUE, 0.0, true, 0, 0,
                new MersenneTwister(c.seed()), false, null);
        PointValuePair opt = optimizer.optimize(new MaxEval(c.evaluations()), objective, GoalType.MINIMIZE,
                new InitialGuess(java.util.Arrays.copyOf(INITIAL, c.dimensions())),
                new SimpleBounds(java.util.Arrays.copyOf(LOWER, c.dimensions()), java.util.Arrays.copyOf(UPPER, c.dimensions())),
                new CMAESOptimizer.Sigma(java.util.Arrays.copyOf(SIGMA, c.dimensions())),
                new CMAESOptimizer.PopulationSize(c.population()));
        Map<String, Double> learned = named(opt.getPoint());
        Map<String, Double> initial = named(INITIAL);
        double initialLoss = loss(initial, episodes, lossSeed);
        double learnedLoss = loss(learned, episodes, lossSeed);
        int n = c.n();
        ModelSpec learnedSpec = spec("kv-metalearned", learned);
        ModelSpec initialSpec = spec("kv-general-initial", initial);
        ModelSpec seq = ModelSpec.kvSequential();
        long testSeed = KvTasks.seed(c.seed(), 200);
        double la = KvExperiments.repeat(c.testRepeats(), r -> experiments.benchmark(learnedSpec, n, n, KvTasks.seed(testSeed, r))).mean();
        double sa = KvExperiments.repeat(c.testRepeats(), r -> experiments.benchmark(seq, n, n, KvTasks.seed(testSeed, r))).mean();
        double ia = KvExperiments.repeat(c.testRepeats(), r -> experiments.benchmark(initialSpec, n, n, KvTasks.seed(testSeed, r))).mean();
        int evals = Math.min(used[0], curve.length);
        double[] trimmed = java.util.Arrays.copyOf(curve, evals);
        return new Result(c, initial, learned, initialLoss, learnedLoss, used[0], findings(learned, episodes, lossSeed),
                findings(initial, episodes, lossSeed), la, sa, ia,
                trimmed, (System.nanoTime() - start) / 1_000_000);
    }
}
