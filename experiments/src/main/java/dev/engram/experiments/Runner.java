package dev.engram.experiments;

import dev.engram.api.Model;
import dev.engram.api.learn.Evaluator;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainingListener;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.data.TaskSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs one model with one strategy over a task sequence: for each task {@link SequentialTrainer#learn}, then
 * {@link Evaluator#accuracy} on every task of the sequence (the row {@code R[t][*]}); before any training the
 * same-seeded fresh model is evaluated on every task (the baseline {@code b}, for forward transfer); after the
 * last task, recall from corrupted probes at each noise level.
 */
public final class Runner {
    /** Noise levels and probes per task for the corrupted-probe recall measured after the last task. */
    public record Options(double[] noiseLevels, int maxNoiseProbes) {
        public Options {
            noiseLevels = noiseLevels.clone();
            for (double q : noiseLevels) {
                if (!(q >= 0 && q <= 1)) {
                    throw new IllegalArgumentException("noise level " + q + " is out of range; accepted: 0 to 1");
                }
            }
            if (maxNoiseProbes < 1) {
                throw new IllegalArgumentException("noise probes per task is " + maxNoiseProbes + "; accepted: at least 1");
            }
        }

        public static Options defaults() {
            return new Options(new double[] {0, 0.05, 0.1, 0.2, 0.3}, 100);
        }
    }

    /** Called as the run goes. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** After task {@code t} was learned and every task evaluated; {@code partial} holds what is done. */
        default void taskDone(RunResult partial) {
        }

        /** Epoch progress inside a task. */
        default void epochDone(String label, int task, int epoch, int epochs) {
        }
    }

    /** A model and a strategy resolved and with validated parameters, ready to run. */
    public record Prepared(String label, ModelProvider model, Params modelParams, StrategyProvider strategy,
                           Params strategyParams) {
    }

    private Runner() {
    }

    /**
     * Finds the providers and validates the parameters, so that bad input fails before anything runs. A strategy
     * name with {@code +} is a composition ({@link Registry#strategy(String)}).
     *
     * @throws IllegalArgumentException for an unknown name or a bad parameter, listing what is accepted
     */
    public static Prepared prepare(Registry registry, Spec model, Spec strategy, String label) {
        ModelProvider mp = registry.models().stream().filter(p -> p.name().equals(model.name())).findFirst()
                .orElseThrow(() -> new dev.engram.api.spi.UnknownProviderException("model", model.name(),
                        registry.models().stream().map(ModelProvider::name).toList(), "unknown model '" + model.name() + "'; installed: "
                        + String.join(", ", registry.models().stream().map(ModelProvider::name).toList())));
        StrategyProvider sp = strategy.name().contains("+") ? registry.strategy(strategy.name())
                : registry.strategies().stream().filter(p -> p.name().equals(strategy.name())).findFirst()
                .orElseThrow(() -> new dev.engram.api.spi.UnknownProviderException("strategy", strategy.name(),
                        registry.strategies().stream().map(StrategyProvider::name).toList(), "unknown strategy '" + strategy.name() + "'; installed: "
                        + String.join(", ", registry.strategies().stream().map(StrategyProvider::name).toList())));
        Params mpar = mp.parseParams(model.params());
        Params spar = sp.parseParams(strategy.params());
        return new Prepared(label, mp, mpar, sp, spar);
    }

    /**
     * Prepares every model x strategy combination (models outer); labels are the strategy's when there is one
     * model, {@code model/strategy} otherwise (with parameters when names repeat).
     */
    public static List<Prepared> prepareAll(Registry registry, List<Spec> models, List<Spec> strategies) {
        List<Prepared> out = new ArrayList<>();
        boolean repeatModel = models.stream().map(Spec::name).distinct().count() < models.size();
        boolean repeatStrategy = strategies.stream().map(Spec::name).distinct().count() < strategies.size();
        for (Spec m : models) {
            for (Spec s : strategies) {
                String sl = repeatStrategy ? s.label() : s.name();
                String ml = repeatModel ? m.label() : m.name();
                out.add(prepare(registry, m, s, models.size() == 1 ? sl : ml + "/" + sl));
            }
        }
        return out;
    }

    /**
     * Why {@code p}'s strategy cannot work with its model at {@code dimension} ({@link
     * dev.engram.api.learn.Strategy#checkCompatible}), or {@code null} when it can; checked on a fresh model and
     * strategy before anything is trained.
     */
    public static String incompatibility(Registry registry, Prepared p, int dimension, long seed) {
        Model model = p.model().create(new ModelContext(dimension, p.modelParams(), registry.kernels(), seed));
        Strategy strategy = p.strategy().create(new StrategyContext(p.strategyParams(), seed));
        try {
            new SequentialTrainer(model, strategy, seed);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Runs {@code p} on {@code seq}; the model and strategy are made from {@code seed}. */
    public static RunResult run(Registry registry, Prepared p, TaskSequence seq, long seed, Options options,
                                Listener listener) {
        int nt = seq.size();
        List<String> names = seq.tasks().stream().map(Task::name).toList();
        double[][] r = new double[nt][nt];
        for (double[] row : r) {
            Arrays.fill(row, Double.NaN);
        }
        double[] trainS = new double[nt];
        double[] evalS = new double[nt];
        Arrays.fill(trainS, Double.NaN);
        Arrays.fill(evalS, Double.NaN);
        Map<String, Object> mparams = p.modelParams().asMap();
        Map<String, Object> sparams = p.strategyParams().asMap();

        Model fresh = p.model().create(new ModelContext(seq.dimension(), p.modelParams(), registry.kernels(), seed));
        double[] baseline = new double[nt];
        for (int j = 0; j < nt; j++) {
            baseline[j] = Evaluator.accuracy(fresh, seq.tasks().get(j));
        }
        Model model = p.model().create(new ModelContext(seq.dimension(), p.modelParams(), registry.kernels(), seed));
        Strategy strategy = p.strategy().create(new StrategyContext(p.strategyParams(), seed));
        SequentialTrainer trainer = new SequentialTrainer(model, strategy, seed);
        double[][] losses = new double[nt][0];
        TrainingListener tl = new TrainingListener() {
            @Override
            public void epochDone(int taskIndex, int epoch, int epochs, double loss) {
                if (losses[taskIndex].length != epochs) {
                    losses[taskIndex] = new double[epochs];
                    Arrays.fill(losses[taskIndex], Double.NaN);
                }
                if (epoch < epochs) {
                    losses[taskIndex][epoch] = loss;
                }
                listener.epochDone(p.label(), taskIndex, epoch, epochs);
            }
        };
        for (int t = 0; t < nt; t++) {
            long t0 = System.nanoTime();
            trainer.learn(t, seq.tasks().get(t), tl);
            long t1 = System.nanoTime();
            for (int j = 0; j < nt; j++) {
                r[t][j] = Evaluator.accuracy(model, seq.tasks().get(j));
            }
            trainS[t] = (t1 - t0) / 1e9;
            evalS[t] = (System.nanoTime() - t1) / 1e9;
            listener.taskDone(new RunResult(p.label(), p.model().name(), mparams, p.strategy().name(), sparams, seed,
                    names, copy(r), baseline.clone(), t + 1, List.of(), trainS.clone(), evalS.clone(), copy(losses)));
        }
        List<RunResult.NoiseRecall> noise = new ArrayList<>();
        for (double q : options.noiseLevels()) {
            double[] per = new double[nt];
            double sum = 0;
            for (int j = 0; j < nt; j++) {
                Task noisy = seq.noisyCopy(j, q, options.maxNoiseProbes(), SequentialTrainer.taskSeed(seed ^ 0x6E6F697365L, j));
                per[j] = Evaluator.accuracy(model, noisy);
                sum += per[j];
            }
            noise.add(new RunResult.NoiseRecall(q, per, sum / nt));
        }
        return new RunResult(p.label(), p.model().name(), mparams, p.strategy().name(), sparams, seed, names, r,
                baseline, nt, noise, trainS, evalS, losses);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
