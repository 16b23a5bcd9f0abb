package dev.engram.strategies;

import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Hyper-parameter exploration by hand (java -cp ... dev.engram.strategies.Explore); prints, asserts nothing. */
final class Explore {
    public static void main(String[] args) {
        int n = Integer.getInteger("n", 64), k = Integer.getInteger("k", 16), power = Integer.getInteger("power", 5);
        double temp = Double.parseDouble(System.getProperty("temp", "0.5"));
        int epochs = Integer.getInteger("epochs", 100), items = Integer.getInteger("items", 6);
        List<Task> tasks = Sequences.randomTasks(5, items, n, Integer.getInteger("probes", 2), Integer.getInteger("flips", n / 10), Long.getLong("seed", 11));
        Map<String, Supplier<Strategy>> s = new LinkedHashMap<>();
        s.put("naive", NaiveStrategy::new);
        s.put("rehearsal", () -> new RehearsalStrategy(1000, RehearsalStrategy.Policy.PER_TASK_BALANCED, 1.0, 0));
        s.put("pseudo", () -> new PseudorehearsalStrategy(Integer.getInteger("pcount", 32), 5, 1.0, 20));
        s.put("ewc", () -> new EwcStrategy(Double.parseDouble(System.getProperty("ewc", "100")), ImportancePenaltyStrategy.Mode.SEPARATE, 1, 0).normalise(Boolean.getBoolean("norm")));
        s.put("si", () -> new SiStrategy(Double.parseDouble(System.getProperty("si", "1")), 0.1).normalise(Boolean.getBoolean("norm")));
        s.put("mas", () -> new MasStrategy(Double.parseDouble(System.getProperty("mas", "1")), 0).normalise(Boolean.getBoolean("norm")));
        s.put("agem", () -> new AgemStrategy(items, 5 * items, GradientProjectionStrategy.Projection.valueOf(System.getProperty("proj", "BEFORE"))).stepReferences(!Boolean.getBoolean("gref")));
        s.put("gem", () -> new GemStrategy(items, GradientProjectionStrategy.Projection.valueOf(System.getProperty("proj", "BEFORE"))).stepReferences(!Boolean.getBoolean("gref")));
        String only = System.getProperty("only", "");
        for (var e : s.entrySet()) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(e.getKey())) continue;
            long t0 = System.nanoTime();
            dev.engram.api.Model dam;
            if (Boolean.getBoolean("real")) {
                var reg = dev.engram.api.spi.Registry.load();
                var prov = reg.model("dam");
                java.util.Map<String, Object> raw = new java.util.LinkedHashMap<>();
                raw.put("memories", k);
                raw.put("n", power);
                raw.put("interaction", System.getProperty("interaction", "polynomial"));
                raw.put("temperature", temp);
                raw.put("form", System.getProperty("form", "normalised"));
                raw.put("epochs", epochs);
                raw.put("batch-size", Integer.getInteger("batch", items));
                raw.put("learning-rate", Double.parseDouble(System.getProperty("lr", "0.1")));
                dam = prov.create(new dev.engram.api.spi.ModelContext(n, prov.parseParams(raw), reg.kernels(), 5));
            } else {
                dam = dev.engram.testkit.SmallDam.create(n, Map.of("memories", k, "n", power, "temperature", temp,
                        "learning-rate", Double.parseDouble(System.getProperty("lr", "0.1")), "epochs", epochs,
                        "batch-size", Integer.getInteger("batch", items)), 5);
            }
            int every = Integer.getInteger("every", 0);
            Strategy strat = e.getValue().get();
            double[][] acc = Sequences.run(dam, strat, tasks, 3, new dev.engram.api.learn.TrainingListener() {
                @Override
                public void epochDone(int task, int epoch, int epochs1, double loss) {
                    if (every > 0 && (epoch % every == 0 || epoch == epochs1 - 1)) System.out.printf("  task %d epoch %d loss %.4f%n", task, epoch, loss);
                }
            });
            if (strat instanceof GradientProjectionStrategy g) System.out.println("projections " + java.util.Arrays.toString(g.projectionCounts()) + " dropped " + g.droppedSteps());
            double diag = 0; for (int t = 0; t < 5; t++) diag += acc[t][t] / 5;
            System.out.printf("%-10s diag=%.2f first-after-1=%.2f first-after-5=%.2f mean-final=%.2f (%d ms)%n%s", e.getKey(), diag, acc[0][0], acc[4][0],
                    java.util.Arrays.stream(acc[4]).average().orElse(0), (System.nanoTime() - t0) / 1_000_000, Sequences.format(acc));
        }
    }
}
