package dev.engram.experiments.kv;

import dev.engram.experiments.io.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Optimised capacity (Tyulmankov et al. 2021, Fig. 3a–b; bio-kvm's {@code train_random_capacity} experiment):
 * random-slot networks whose slots are written with probability p = k/N, k in {1, 2, 4, 8, 16}, N in {20, 40, 80,
 * 160}, their plasticity (the general rule's 11 scalars) meta-learned on the recall task with T ~ U[N/2, 2N], then
 * their capacity at accuracy θ by the authors' search, beside the simple rule on the same slots and kv-sequential.
 *
 * <p>The authors train each (N, p) network with Adam for 10 000 steps from their initialisation. Engram uses
 * CMA-ES ({@link MetaLearning}) for each (k, N) independently, from {@link Start#SIMPLE} by default: from the
 * paper's initialisation the landscape is flat for CMA-ES (the key update is ∝ h ≈ 1/N until the constant post
 * factor grows; N = 40, p = 0.1, 1500 evaluations: loss 0.86 and capacity 1.7, against 0.73 and 4.4 from the
 * simple start). The (k, N) trainings, and then the capacity measurements, run on {@code threads} threads; each
 * has its own seed, so the numbers do not depend on the thread count.
 */
public final class OptimisedCapacity {

    /** The settings; {@code threads} 0 = every core. */
    public record Config(int[] sizes, int[] ks, double theta, int episodes, int evaluations, int population,
                         int repeats, long seed, int threads, Start start) {
        public Config {
            sizes = sorted("sizes (N)", sizes, 4);
            ks = sorted("k", ks, 1);
            for (int k : ks) {
                if (k > sizes[0]) {
                    throw new IllegalArgumentException("k = " + k + " gives a write probability k/N = " + k + "/" + sizes[0]
                            + " above 1 at N = " + sizes[0] + "; accepted: k <= the smallest N");
                }
            }
            if (!(theta > 0 && theta <= 1)) {
                throw new IllegalArgumentException("theta is " + theta + "; accepted: a number in (0, 1]");
            }
            java.util.Objects.requireNonNull(start, "start");
            if (episodes < 1 || population < 4 || evaluations < population || repeats < 1 || threads < 0) {
                throw new IllegalArgumentException("optimised capacity needs episodes >= 1, population >= 4, evaluations"
                        + " >= population, repeats >= 1 and threads >= 0; got episodes=" + episodes + ", population="
                        + population + ", evaluations=" + evaluations + ", repeats=" + repeats + ", threads=" + threads);
            }
        }

        /** CMA-ES evaluations of the whole run. */
        public long totalEvaluations() {
            return (long) ks.length * sizes.length * evaluations;
        }

        /**
         * Steps of the whole run for a progress bar: every CMA-ES evaluation, then every capacity measurement (the
         * kv-sequential line and a trained and a simple line per k, at every N, {@code repeats} each).
         */
        public long progressSteps() {
            return totalEvaluations() + (1L + 2L * ks.length) * sizes.length * repeats;
        }

        private static int[] sorted(String name, int[] vs, int min) {
            if (vs == null || vs.length == 0) {
                throw new IllegalArgumentException(name + " is empty; accepted: integers >= " + min);
            }
            int[] s = vs.clone();
            Arrays.sort(s);
            for (int i = 0; i < s.length; i++) {
                if (s[i] < min || (i > 0 && s[i] == s[i - 1])) {
                    throw new IllegalArgumentException(name + " has " + s[i] + (s[i] < min ? "" : " twice")
                            + "; accepted: distinct integers >= " + min);
                }
            }
            return s;
        }
    }

    /** Where the chain of each k starts at the smallest N. */
    public enum Start {
        /** The paper's initialisation (rates 0.5, affine (1, 0)), as the authors' training. */
        PAPER,
        /** {@link MetaLearning#SIMPLE_EQUIVALENT}: the general rule nearest the simple rule on the same slots. */
        SIMPLE;

        /** The name on the command line. */
        public String cli() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One learned rule: k, N, p = k/N, the scalars and how training went. */
    public record LearnedRule(int k, int n, double writeProb, Map<String, Double> scalars,
                              double startLoss, double simpleLoss, double learnedLoss, int evaluations, double learnedAccuracy,
                              double simpleAccuracy, long millis) {
    }

    /** The rules (by k, then N) and the capacity points (trained, simple and kv-sequential lines; x = N). */
    public record Result(List<LearnedRule> rules, List<KvStudies.Point> points, List<String> labels) {
    }

    /** The label of the trained line of k. */
    public static String trainedLabel(int k) {
        return "trained p=" + k + "/N";
    }

    /** The label of the simple-rule line of k. */
    public static String simpleLabel(int k) {
        return "simple p=" + k + "/N";
    }

    private final KvExperiments experiments;

    public OptimisedCapacity(KvExperiments experiments) {
        this.experiments = experiments;
    }

    /** Runs the study; {@code bar} gets one step per CMA-ES evaluation and one per capacity measurement. */
    public Result run(Config c, Progress bar) {
        int threads = c.threads() == 0 ? Runtime.getRuntime().availableProcessors() : c.threads();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "engram-optimised-capacity");
            t.setDaemon(true);
            return t;
        });
        try {
            MetaLearning ml = new MetaLearning(experiments);
            List<Callable<LearnedRule>> trainings = new ArrayList<>();
            for (int k : c.ks()) {
                for (int n : c.sizes()) {
                    trainings.add(() -> learn(ml, c, k, n, bar));
                }
            }
            List<LearnedRule> rules = all(pool, trainings);
            // the capacity of every line at every N, each measurement seeded from N and the repeat (the same items
            // for every line: common random numbers, as the capacity experiment); each line's model at N
            Map<String, IntFunction<ModelSpec>> lines = new LinkedHashMap<>();
            lines.put("kv-sequential", n -> ModelSpec.kvSequential());
            for (int k : c.ks()) {
                String trained = trainedLabel(k);
                String simple = simpleLabel(k);
                lines.put(trained, n -> MetaLearning.spec(trained, rule(rules, k, n).scalars(), (double) k / n));
                lines.put(simple, n -> ModelSpec.kvRandom(simple, (double) k / n));
            }
            List<Callable<KvStudies.Point>> measures = new ArrayList<>();
            lines.forEach((label, model) -> {
                for (int n : c.sizes()) {
                    ModelSpec spec = model.apply(n);
                    measures.add(() -> {
                        List<Integer> caps = new ArrayList<>();
                        for (int r = 0; r < c.repeats(); r++) {
                            caps.add(experiments.capacity(spec, n, c.theta(), KvTasks.seed(c.seed(), n, r),
                                    KvExperiments.Search.AUTHORS));
                            synchronized (bar) {
                                bar.step();
                            }
                        }
                        KvExperiments.Stat st = KvExperiments.Stat.of(caps);
                        return new KvStudies.Point(label, n, st.mean(), st.sd(), c.repeats(), st.low(), st.high());
                    });
                }
            });
            List<String> labels = List.copyOf(lines.keySet());
            return new Result(List.copyOf(rules), all(pool, measures), labels);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The rule learned for (k, N). */
    private static LearnedRule rule(List<LearnedRule> rules, int k, int n) {
        for (LearnedRule r : rules) {
            if (r.k() == k && r.n() == n) {
                return r;
            }
        }
        throw new IllegalStateException("no rule was learned for k = " + k + ", N = " + n);
    }

    /** Meta-learning for one (k, N). */
    private static LearnedRule learn(MetaLearning ml, Config c, int k, int n, Progress bar) {
        double p = (double) k / n;
        MetaLearning.Config mc = new MetaLearning.Config(n, c.episodes(), c.evaluations(), c.population(), 5,
                KvTasks.seed(c.seed(), k, n), false, p, c.start() == Start.SIMPLE ? MetaLearning.SIMPLE_EQUIVALENT : null);
        MetaLearning.Result r = ml.run(mc, l -> {
            synchronized (bar) {
                bar.step();
            }
        });
        return new LearnedRule(k, n, p, r.learned(), r.startLoss(), r.simpleLoss(), r.learnedLoss(), r.evaluationsUsed(),
                r.learnedAccuracy(), r.simpleAccuracy(), r.millis());
    }

    /** Runs the tasks on the pool and returns their results in task order. */
    private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) {
        List<Future<T>> fs = new ArrayList<>();
        for (Callable<T> t : tasks) {
            fs.add(pool.submit(t));
        }
        List<T> out = new ArrayList<>();
        try {
            for (Future<T> f : fs) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("optimised capacity was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
        return out;
    }
}
