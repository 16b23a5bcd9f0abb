package dev.engram.bench.models;

import dev.engram.api.Engram;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an epoch of {@link DamTrainingBench} goes, phase by phase, on 1 and 2 threads: the gradient
 * ({@code lossAndGradient}), the optimiser ({@code updateFromGradient}) and the update ({@code applyUpdate}), each
 * timed with {@code System.nanoTime} around the call (median of the epochs after warm-up). A diagnostic for issue
 * 15's two-thread target, not a benchmark: the JMH rows of {@code bench/run-training.sh} are the record.
 * Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.engram.bench.models.TrainingPhases [n] [epochs] [training] [threads, e.g. 1,2,1,2]}.
 */
public final class TrainingPhases {
    private TrainingPhases() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        String training = args.length > 2 ? args[2] : "batched";
        List<Item> items = DamTrainingBench.items(DamTrainingBench.ITEMS, 7);
        Kernels kernels = ModelSetups.backend("panama");
        int[] order = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2, 1, 2};
        for (int threads : order) {
            TrainableModel m = Engram.memory("dam").dimension(DamTrainingBench.N).kernels(kernels).seed(1)
                    .params(Map.of("mode", "trained", "memories", DamTrainingBench.K, "interaction", "leaky", "n", n,
                            "temperature", 0.0, "init-std", 0.5, "batch-size", DamTrainingBench.BATCH, "momentum", 0.6))
                    .param("training", training).param("threads", threads).build(TrainableModel.class);
            float[] grad = new float[m.parameterCount()];
            float[] delta = new float[m.parameterCount()];
            m.beginTask();
            double[][] t = new double[4][epochs];
            for (int e = 0; e < epochs; e++) {
                m.beginEpoch(e, 100);
                long g = 0;
                long u = 0;
                long a = 0;
                long s0 = System.nanoTime();
                for (int b = 0; b < items.size(); b += DamTrainingBench.BATCH) {
                    long t0 = System.nanoTime();
                    m.lossAndGradient(items.subList(b, Math.min(items.size(), b + DamTrainingBench.BATCH)), grad);
                    long t1 = System.nanoTime();
                    m.updateFromGradient(grad, delta);
                    long t2 = System.nanoTime();
                    m.applyUpdate(delta);
                    long t3 = System.nanoTime();
                    g += t1 - t0;
                    u += t2 - t1;
                    a += t3 - t2;
                }
                t[0][e] = (System.nanoTime() - s0) / 1e6;
                t[1][e] = g / 1e6;
                t[2][e] = u / 1e6;
                t[3][e] = a / 1e6;
            }
            System.out.printf(Locale.ROOT, "n=%d %s threads=%d  epoch %.1f ms  gradient %.1f  optimiser %.1f  update %.1f%n",
                    n, training, threads, median(t[0]), median(t[1]), median(t[2]), median(t[3]));
        }
    }

    private static double median(double[] v) {
        double[] s = Arrays.copyOfRange(v, v.length / 3, v.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
