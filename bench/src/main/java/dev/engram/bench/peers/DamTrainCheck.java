package dev.engram.bench.peers;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Engram;
import dev.engram.api.NeuronMask;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.core.kernel.KernelSelector;
import dev.engram.core.kernel.ScalarKernels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Engram's side of the PyTorch training peer's correctness check ({@code bench/python/test_dam_train_torch.py}):
 * reads tiny fixed cases (memories, two batches of items, the trained neurons), and prints what a {@code dam} in
 * {@code mode=trained} computes for them: the loss and gradient of batch 1 ({@code lossAndGradient}), the memories
 * after one optimiser step ({@code updateFromGradient} + {@code applyUpdate}), the same for batch 2 (momentum
 * carried over), and the fields of batch 1's states with the trained neurons at −1 (before and after the steps).
 *
 * <p>Input: whitespace-separated tokens, cases one after another, each
 * {@code name interaction n temperature error-power momentum learning-rate N K B d}, then the d trained neuron
 * indices, the K × N memories (row-major), batch 1 and batch 2 (B × N values ±1 each). Output, per case, lines
 * {@code case NAME}, {@code fields0 ...} (B × d, before the first step), {@code loss1 X}, {@code grad1 ...},
 * {@code mem1 ...}, {@code loss2 X}, {@code grad2 ...}, {@code mem2 ...}, {@code fields ...} (after the steps), values
 * as Java's shortest round-trip decimal. For the exponential interaction the fields are Engram's, scaled by
 * {@code e^(−c max_μ h_μ)}; training uses no shift.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.engram.bench.peers.DamTrainCheck INPUT [auto|scalar|panama]}.
 */
public final class DamTrainCheck {
    private DamTrainCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DamTrainCheck INPUT [auto|scalar|panama]");
            System.exit(2);
        }
        String backend = args.length > 1 ? args[1] : "auto";
        Kernels kernels = switch (backend) {
            case "auto" -> null;
            case "scalar" -> ScalarKernels.INSTANCE;
            case "panama" -> KernelSelector.select("panama", false).kernels();
            default -> throw new IllegalArgumentException("backend '" + backend + "'; accepted: auto, scalar, panama");
        };
        check(Path.of(args[0]), kernels, System.out);
    }

    /** Runs every case of {@code input} with {@code kernels} ({@code null}: the registry's) and prints to {@code out}. */
    static void check(Path input, Kernels kernels, PrintStream out) throws IOException {
        Iterator<String> in = List.of(Files.readString(input).trim().split("\\s+")).iterator();
        while (in.hasNext()) {
            run(in, kernels, out);
        }
        out.flush();
    }

    private static void run(Iterator<String> in, Kernels kernels, PrintStream out) {
        String name = in.next();
        String interaction = in.next();
        int degree = Integer.parseInt(in.next());
        double temperature = Double.parseDouble(in.next());
        int errorPower = Integer.parseInt(in.next());
        double momentum = Double.parseDouble(in.next());
        double lr = Double.parseDouble(in.next());
        int n = Integer.parseInt(in.next());
        int k = Integer.parseInt(in.next());
        int b = Integer.parseInt(in.next());
        int d = Integer.parseInt(in.next());
        int[] trained = new int[d];
        for (int j = 0; j < d; j++) {
            trained[j] = Integer.parseInt(in.next());
        }
        float[] mem = new float[k * n];
        for (int i = 0; i < mem.length; i++) {
            mem[i] = Float.parseFloat(in.next());
        }
        NeuronMask mask = NeuronMask.of(n, trained);
        List<Item> batch1 = items(in, b, n, mask);
        List<Item> batch2 = items(in, b, n, mask);

        var builder = Engram.memory("dam").dimension(n).param("mode", "trained").param("memories", k)
                .param("interaction", interaction).param("n", degree).param("temperature", temperature)
                .param("error-power", errorPower).param("momentum", momentum).param("learning-rate", lr)
                .param("learning-rate-decay", 1.0).seed(1);
        if (kernels != null) {
            builder.kernels(kernels);
        }
        TrainableModel model = builder.build(TrainableModel.class);
        model.setParameters(mem);
        model.beginTask();
        float[] grad = new float[k * n];
        float[] delta = new float[k * n];

        out.println("case " + name);
        print(out, "fields0", fields((BipolarMemory) model, batch1, trained, mask, d));
        for (int step = 1; step <= 2; step++) {
            double loss = model.lossAndGradient(step == 1 ? batch1 : batch2, grad);
            out.println("loss" + step + " " + loss);
            print(out, "grad" + step, grad);
            model.updateFromGradient(grad, delta);
            model.applyUpdate(delta);
            print(out, "mem" + step, model.parameters());
        }
        print(out, "fields", fields((BipolarMemory) model, batch1, trained, mask, d));
    }

    /** The fields of the trained neurons of each item's state with the trained neurons at -1 (B x d). */
    private static float[] fields(BipolarMemory memory, List<Item> batch, int[] trained, NeuronMask mask, int d) {
        float[] fields = new float[batch.size() * d];
        float[] f = new float[d];
        for (int it = 0; it < batch.size(); it++) {
            BipolarPattern probe = batch.get(it).state();
            for (int i : trained) {
                probe = probe.with(i, -1);
            }
            memory.fields(probe, mask, f);
            System.arraycopy(f, 0, fields, it * d, d);
        }
        return fields;
    }

    private static List<Item> items(Iterator<String> in, int b, int n, NeuronMask mask) {
        List<Item> items = new ArrayList<>(b);
        for (int it = 0; it < b; it++) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = Integer.parseInt(in.next());
            }
            items.add(new Item(BipolarPattern.of(v), mask));
        }
        return items;
    }

    private static void print(PrintStream out, String label, float[] values) {
        StringBuilder sb = new StringBuilder(label);
        for (float v : values) {
            sb.append(' ').append(Float.toString(v));
        }
        out.println(sb);
    }
}
