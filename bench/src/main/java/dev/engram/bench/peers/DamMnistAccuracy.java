package dev.engram.bench.peers;

import dev.engram.api.Engram;
import dev.engram.api.learn.Evaluator;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingListener;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.data.TaskSequence;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy half of the PyTorch comparison (bench/run-training.sh --accuracy): trains the dam classifier on
 * MNIST with the settings given as {@code key=value} (dam parameters, plus {@code train}, {@code test},
 * {@code seed}) and prints the test accuracy after each epoch, the line format of dam_train_torch.py --mnist.
 * Usage: {@code DamMnistAccuracy DATA_DIR [key=value ...]}.
 */
public final class DamMnistAccuracy {
    private DamMnistAccuracy() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: DamMnistAccuracy DATA_DIR [key=value ...]");
            System.exit(2);
        }
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("argument '" + args[i] + "' is not key=value");
                System.exit(2);
            }
            o.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int train = Integer.parseInt(o.getOrDefault("train", "60000"));
        int test = Integer.parseInt(o.getOrDefault("test", "10000"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        TaskSequence seq = new DataSpec("mnist", 1, null, null, null, null, null, train, test, 0, args[0]).build(seed);
        Task task = seq.tasks().get(0);
        Map<String, Object> p = new LinkedHashMap<>(Map.of("mode", "trained", "memories", 256, "interaction", "leaky",
                "batch-size", 128, "learning-rate", 0.1, "learning-rate-decay", 0.999, "momentum", 0.6));
        o.forEach((k, v) -> {
            if (!k.equals("train") && !k.equals("test") && !k.equals("seed")) {
                p.put(k, v);
            }
        });
        TrainableModel m = Engram.memory("dam").dimension(seq.dimension()).params(p).seed(seed)
                .build(TrainableModel.class);
        long t0 = System.nanoTime();
        new SequentialTrainer(m, () -> "naive", seed).learn(0, task, new TrainingListener() {
            @Override
            public void epochDone(int taskIndex, int epoch, int epochs, double loss) {
                double acc = Evaluator.accuracy(m, task);
                System.out.printf(Locale.ROOT, "epoch %d loss %.5f test %.4f seconds %.1f%n", epoch + 1, loss, acc,
                        (System.nanoTime() - t0) / 1e9);
            }
        });
        System.out.println("params " + m.params());
    }
}
