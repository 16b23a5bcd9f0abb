package dev.engram.strategies;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.learn.Evaluator;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Probe;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test helpers: random bipolar autoassociative task sequences and the accuracy matrix of a run. */
final class Sequences {
    private Sequences() {
    }

    /**
     * {@code tasks} tasks of {@code items} random ±1 states of dimension {@code n}; each item is probed from
     * {@code probesPerItem} copies with {@code flips} components flipped, scored by exact recall.
     */
    static List<Task> randomTasks(int tasks, int items, int n, int probesPerItem, int flips, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Task> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            List<Item> its = new ArrayList<>();
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                BipolarPattern p = BipolarPattern.random(n, r);
                its.add(Item.of(p));
                for (int q = 0; q < probesPerItem; q++) {
                    probes.add(new Probe(p.flipRandom(flips, r), p, null));
                }
            }
            out.add(new Task("task-" + (t + 1), its, probes, Scoring.exact()));
        }
        return out;
    }

    /** acc[t][j]: accuracy on task j after learning tasks 0..t. */
    static double[][] run(Model model, Strategy strategy, List<Task> tasks, long seed) {
        return run(model, strategy, tasks, seed, dev.engram.api.learn.TrainingListener.NONE);
    }

    static double[][] run(Model model, Strategy strategy, List<Task> tasks, long seed,
                          dev.engram.api.learn.TrainingListener listener) {
        SequentialTrainer trainer = new SequentialTrainer(model, strategy, seed);
        double[][] acc = new double[tasks.size()][tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            trainer.learn(t, tasks.get(t), listener);
            for (int j = 0; j < tasks.size(); j++) {
                acc[t][j] = Evaluator.accuracy(model, tasks.get(j));
            }
        }
        return acc;
    }

    static String format(double[][] acc) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : acc) {
            for (double a : row) {
                sb.append(String.format(java.util.Locale.ROOT, " %.2f", a));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
