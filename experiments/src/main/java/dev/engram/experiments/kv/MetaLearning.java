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
     * The general rule nearest the simple rule, as a start point: the key row of a written slot overwritten by x
     * (key-rate 1, f_K(x) = x, g_K(h) = 1) and the value Hebbian, V += y h'ᵀ, without decay (value-rate 1,
     * value-decay 1); the simple rule's value decay (1 − η_i) is per slot, which the general rule, whose value rate
     * has no slot factor, cannot express.
     */
    public static final Map<String, Double> SIMPLE_EQUIVALENT = named(new double[] {1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0});

    /**
     * What to run: N (= d), the number of training episodes, the CMA-ES budget (evaluations, population), the
     * seed, the number of fresh episodes for the final accuracy comparison at T = N, whether the global third
     * factor is trained, the slots of the trained network ({@code writeProb} 0: sequential slots; in (0, 1]:
     * random slots, each written with that probability) and where CMA-ES starts ({@code start}: null for
     * the paper's initialisation, else scalars by name, e.g. {@link #SIMPLE_EQUIVALENT}).
     */
    public record Config(int n, int episodes, int evaluations, int population, int testRepeats, long seed,
                         boolean trainGlobal, double writeProb, Map<String, Double> start) {
        /** The 11 rule scalars only; the global third factor stays a = 1, b = 0. */
        public Config(int n, int episodes, int evaluations, int population, int testRepeats, long seed) {
            this(n, episodes, evaluations, population, testRepeats, seed, false);
        }

        /** Sequential slots, from the paper's initialisation. */
        public Config(int n, int episodes, int evaluations, int population, int testRepeats, long seed,
                      boolean trainGlobal) {
            this(n, episodes, evaluations, population, testRepeats, seed, trainGlobal, 0, null);
        }

        /** How many scalars CMA-ES optimises: 11, or 13 with the global third factor. */
        public int dimensions() {
            return trainGlobal ? SCALARS.size() : SCALARS.size() - 2;
        }

        /** Whether the trained network has random slots ({@code writeProb} > 0). */
        public boolean randomSlots() {
            return writeProb > 0;
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
            if (trainGlobal && evaluations < 2 * population) {
                throw new IllegalArgumentException("training the global third factor runs two CMA-ES stages of half the "
                        + "budget each; evaluations is " + evaluations + ", accepted: at least 2 x population = "
                        + 2 * population);
            }
            if (!(writeProb >= 0 && writeProb <= 1)) {
                throw new IllegalArgumentException("write probability is " + writeProb
                        + "; accepted: 0 (sequential slots) or a number in (0, 1] (random slots)");
            }
            if (start != null) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (int i = 0; i < SCALARS.size(); i++) {
                    String name = SCALARS.get(i);
                    Double v = start.getOrDefault(name, INITIAL[i]);
                    if (v == null || !(v >= LOWER[i] && v <= UPPER[i])) {
                        throw new IllegalArgumentException("start value of " + name + " is " + v + "; accepted: "
                                + LOWER[i] + " to " + UPPER[i]);
                    }
                    m.put(name, v);
                }
                start = java.util.Collections.unmodifiableMap(m);
            }
        }

        /** The start point of CMA-ES, all 13 scalars. */
        double[] startPoint() {
            if (start == null) {
                return INITIAL.clone();
            }
            double[] x = new double[SCALARS.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = start.get(SCALARS.get(i));
            }
            return x;
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
    Findings findings(Map<String, Double> scalars, double writeProb, List<List<BipolarPattern>> episodes, long seed) {
        double base = loss(scalars, writeProb, episodes, seed);
        Map<String, Double> ablation = new LinkedHashMap<>();
        for (String name : ABLATED) {
            Map<String, Double> a = new LinkedHashMap<>(scalars);
            a.put(name, 0.0);
            ablation.put(name, (loss(a, writeProb, episodes, seed) - base) / base);
        }
        return Findings.of(scalars, ablation);
    }

    /**
     * The outcome; {@code lossCurve[i]} is the best loss after evaluation i + 1; accuracies at T = N on fresh items:
     * the learned rule, kv-sequential, the simple rule with the trained network's slots ({@code simpleAccuracy};
     * kv-sequential's again for sequential slots) and the paper's initial general rule; {@code stageLosses} the
     * best loss of each CMA-ES stage (two with the global third factor), {@code startLoss} the loss where CMA-ES
     * started ({@code initialLoss} unless {@link Config#start} was given) and {@code simpleLoss} the simple
     * rule's loss on the same slots and episodes.
     */
    public record Result(Config config, Map<String, Double> initial, Map<String, Double> learned, double initialLoss,
                         double learnedLoss, int evaluationsUsed, Findings findings, Findings initialFindings, double learnedAccuracy,
                         double sequentialAccuracy, double simpleAccuracy, double initialAccuracy, double[] lossCurve,
                         double startLoss, double simpleLoss, List<Double> stageLosses, long millis) {
    }

    private final KvExperiments experiments;

    public MetaLearning(KvExperiments experiments) {
        this.experiments = experiments;
    }

    /** The {@code kv} spec of the general rule with the given scalars, sequential slots. */
    public static ModelSpec spec(String label, Map<String, Double> scalars) {
        return spec(label, scalars, 0);
    }

    /**
     * The {@code kv} spec of the general rule with the given scalars: sequential slots ({@code writeProb} 0) or
     * random slots written with probability {@code writeProb}.
     */
    public static ModelSpec spec(String label, Map<String, Double> scalars, double writeProb) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("rule", "general");
        if (writeProb > 0) {
            p.put("slots", "random");
            p.put("write-prob", Double.toString(writeProb));
        } else {
            p.put("slots", "sequential");
        }
        scalars.forEach((k, v) -> p.put(k, Double.toString(v)));
        return new ModelSpec(label, "kv", p);
    }

    /** The scalars by name; a vector of 11 leaves the global third factor at a = 1, b = 0. */
    static Map<String, Double> named(double[] x) {
        return named(x, INITIAL);
    }

    /** The scalars by name: {@code x}, the rest from {@code rest} (a vector of 11 leaves the global factor). */
    static Map<String, Double> named(double[] x, double[] rest) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < SCALARS.size(); i++) {
            m.put(SCALARS.get(i), i < x.length ? x[i] : rest[i]);
        }
        return m;
    }

    /**
     * Mean squared read error of the general rule with {@code scalars} over the fixed training episodes, on the
     * slots of {@code writeProb} (0: sequential).
     */
    double loss(Map<String, Double> scalars, double writeProb, List<List<BipolarPattern>> episodes, long seed) {
        return loss(spec("meta", scalars, writeProb), episodes, seed);
    }

    /** The same loss for any kv model (e.g. the simple rule, for comparison). */
    double loss(ModelSpec spec, List<List<BipolarPattern>> episodes, long seed) {
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

    /**
     * Runs CMA-ES; {@code onEvaluation} receives each evaluated loss (for a progress bar). With
     * {@link Config#trainGlobal} the budget is spent in two stages of half each: the 11 rule scalars with the global
     * third factor fixed (a = 1, b = 0, or the start's), then all 13 from the first stage's optimum. Trained jointly
     * from the paper's initialisation, CMA-ES settled on a smaller a (fewer writes, outputs nearer 0) before the key
     * rule had a constant post factor, and stayed there (N = 40: loss 0.927 after 3000 evaluations, against 0.310
     * for the 11 scalars alone).
     */
    public Result run(Config c, DoubleConsumer onEvaluation) {
        long start = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(KvTasks.seed(c.seed(), 100));
        List<List<BipolarPattern>> episodes = new ArrayList<>();
        for (int e = 0; e < c.episodes(); e++) {
            int t = c.n() / 2 + rng.nextInt(2 * c.n() - c.n() / 2 + 1);
            episodes.add(KvTasks.random(t, c.n(), rng));
        }
        long lossSeed = KvTasks.seed(c.seed(), 101);
        double p = c.writeProb();
        double[] curve = new double[c.evaluations()];
        int[] used = {0};
        double[] best = {Double.POSITIVE_INFINITY};
        double[] point = c.startPoint();
        double startLoss = loss(named(point), p, episodes, lossSeed);
        int rules = SCALARS.size() - 2;
        int[] stageDims = c.trainGlobal() ? new int[] {rules, SCALARS.size()} : new int[] {rules};
        List<Double> stageLosses = new ArrayList<>();
        int budgetLeft = c.evaluations();
        for (int stage = 0; stage < stageDims.length; stage++) {
            int dims = stageDims[stage];
            int budget = stage == stageDims.length - 1 ? budgetLeft : c.evaluations() / stageDims.length;
            budgetLeft -= budget;
            double[] fixed = point.clone();
            ObjectiveFunction objective = new ObjectiveFunction(x -> {
                double l = loss(named(x, fixed), p, episodes, lossSeed);
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
            double[] sigma = java.util.Arrays.copyOf(SIGMA, dims);
            CMAESOptimizer optimizer = new CMAESOptimizer(Integer.MAX_VALUE, 0.0, true, 0, 0,
                    new MersenneTwister(stage == 0 ? c.seed() : KvTasks.seed(c.seed(), stage)), false, null);
            PointValuePair opt = optimizer.optimize(new MaxEval(budget), objective, GoalType.MINIMIZE,
                    new InitialGuess(java.util.Arrays.copyOf(point, dims)),
                    new SimpleBounds(java.util.Arrays.copyOf(LOWER, dims), java.util.Arrays.copyOf(UPPER, dims)),
                    new CMAESOptimizer.Sigma(sigma), new CMAESOptimizer.PopulationSize(c.population()));
            double[] x = opt.getPoint();
            System.arraycopy(x, 0, point, 0, dims);
            stageLosses.add(opt.getValue());
        }
        Map<String, Double> learned = named(point);
        Map<String, Double> initial = named(INITIAL);
        double initialLoss = c.start() == null ? startLoss : loss(initial, p, episodes, lossSeed);
        double learnedLoss = loss(learned, p, episodes, lossSeed);
        int n = c.n();
        ModelSpec learnedSpec = spec("kv-metalearned", learned, p);
        ModelSpec initialSpec = spec("kv-general-initial", initial, p);
        ModelSpec seq = ModelSpec.kvSequential();
        ModelSpec simple = c.randomSlots() ? ModelSpec.kvRandom(p) : seq;
        long testSeed = KvTasks.seed(c.seed(), 200);
        double la = KvExperiments.repeat(c.testRepeats(), r -> experiments.benchmark(learnedSpec, n, n, KvTasks.seed(testSeed, r))).mean();
        double sa = KvExperiments.repeat(c.testRepeats(), r -> experiments.benchmark(seq, n, n, KvTasks.seed(testSeed, r))).mean();
        double ra = c.randomSlots()
                ? KvExperiments.repeat(c.testRepeats(), r -> experiments.benchmark(simple, n, n, KvTasks.seed(testSeed, r))).mean()
                : sa;
        double ia = KvExperiments.repeat(c.testRepeats(), r -> experiments.benchmark(initialSpec, n, n, KvTasks.seed(testSeed, r))).mean();
        int evals = Math.min(used[0], curve.length);
        double[] trimmed = java.util.Arrays.copyOf(curve, evals);
        return new Result(c, initial, learned, initialLoss, learnedLoss, used[0],
                findings(learned, p, episodes, lossSeed), findings(initial, p, episodes, lossSeed), la, sa, ra, ia,
                trimmed, startLoss, loss(simple, episodes, lossSeed), List.copyOf(stageLosses), (System.nanoTime() - start) / 1_000_000);
    }
}
