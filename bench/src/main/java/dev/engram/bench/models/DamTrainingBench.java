package dev.engram.bench.models;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Engram;
import dev.engram.api.NeuronMask;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training epoch of the DAM classifier (issue 15): 10,000 MNIST-shaped items (784 pixels, about 19 % of them
 * +1 as in binarised MNIST, drawn around ten class prototypes, + 10 one-hot class neurons; N = 794), K = 256
 * memories, leaky rectified polynomial of degree n, batch 128, only the class neurons trained, momentum 0.6 — the
 * authors' MNIST example. Each invocation is one epoch: for every batch {@code lossAndGradient},
 * {@code updateFromGradient}, {@code applyUpdate}, as {@code SequentialTrainer} does. Variants, all in one run:
 * {@code per-item} (the path of before, Panama kernels), {@code batched-scalar} (the batched path on the scalar
 * reference kernels, 1 thread), {@code batched-1} and {@code batched-2} (Panama, 1 and 2 threads), {@code bits-1}
 * and {@code bits-2} ({@code training=batched-bits}: the two ±1 products from packed bits, Panama, 1 and 2 threads).
 *
 * <p>FLOP per epoch, counted as the two matrix products only: 2·B·N·K for the overlaps H = X·Ξᵀ and 2·B·N·K for the
 * gradient G = Aᵀ·X, B = 10,000 items: 8.13 GFLOP (the interaction terms of the 10 class neurons, about 4·10·K
 * function values per item, and the optimiser's K·N per batch are not counted).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class DamTrainingBench {
    static final int PIXELS = 784;
    static final int CLASSES = 10;
    static final int N = PIXELS + CLASSES;
    static final int ITEMS = 10_000;
    static final int K = 256;
    static final int BATCH = 128;

    @State(Scope.Benchmark)
    public static class Epoch {
        @Param({"3", "10", "30"})
        public int n;

        @Param({"per-item", "batched-scalar", "batched-1", "batched-2", "bits-1", "bits-2"})
        public String variant;

        /**
         * What the JVM trained before: {@code none}, or a degree trained for three epochs first (same settings),
         * as in a sweep over n, which trains one degree after another in one JVM: the compiled kernels then
         * depend on what ran before (the vector power of the kernels was boxed at n = 10 after n = 4).
         */
        @Param({"none"})
        public String after;

        TrainableModel model;
        List<Item> items;
        float[] grad;
        float[] delta;
        int epoch;

        @Setup(Level.Trial)
        public void setUp() {
            items = items(ITEMS, 7);
            if (!after.equals("none")) {
                Epoch first = new Epoch();
                first.n = Integer.parseInt(after);
                first.variant = variant;
                first.after = "none";
                first.items = items;
                first.build();
                for (int e = 0; e < 3; e++) {
                    new DamTrainingBench().epoch(first);
                }
            }
            build();
        }

        void build() {
            Kernels kernels = ModelSetups.backend(variant.equals("batched-scalar") ? "scalar" : "panama");
            String training = variant.equals("per-item") ? "per-item"
                    : variant.startsWith("bits") ? "batched-bits" : "batched";
            int threads = variant.endsWith("-2") ? 2 : 1;
            model = Engram.memory("dam").dimension(N).kernels(kernels).seed(1)
                    .params(Map.of("mode", "trained", "memories", K, "interaction", "leaky", "n", n,
                            "temperature", 0.0, "init-std", 0.5, "batch-size", BATCH, "momentum", 0.6))
                    .param("training", training).param("threads", threads)
                    .build(TrainableModel.class);
            grad = new float[model.parameterCount()];
            delta = new float[model.parameterCount()];
            model.beginTask();
        }
    }

    /** MNIST-shaped classifier items (see the class comment). */
    static List<Item> items(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean[][] prototypes = new boolean[CLASSES][PIXELS];
        for (boolean[] p : prototypes) {
            for (int i = 0; i < PIXELS; i++) {
                p[i] = r.nextDouble() < 0.19;
            }
        }
        NeuronMask classes = NeuronMask.range(N, PIXELS, N);
        List<Item> out = new ArrayList<>(count);
        for (int it = 0; it < count; it++) {
            int label = r.nextInt(CLASSES);
            int[] v = new int[N];
            for (int i = 0; i < PIXELS; i++) {
                boolean on = r.nextDouble() < 0.85 ? prototypes[label][i] : r.nextDouble() < 0.19;
                v[i] = on ? 1 : -1;
            }
            for (int c = 0; c < CLASSES; c++) {
                v[PIXELS + c] = c == label ? 1 : -1;
            }
            out.add(new Item(BipolarPattern.of(v), classes));
        }
        return out;
    }

    @Benchmark
    public float epoch(Epoch e) {
        TrainableModel m = e.model;
        m.beginEpoch(e.epoch++, 100);
        for (int b = 0; b < e.items.size(); b += BATCH) {
            m.lossAndGradient(e.items.subList(b, Math.min(e.items.size(), b + BATCH)), e.grad);
            m.updateFromGradient(e.grad, e.delta);
            m.applyUpdate(e.delta);
        }
        return m.parameters()[0];
    }
}
