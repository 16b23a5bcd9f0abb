package dev.engram.strategies;

import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingListener;
import java.util.List;

final class Debug {
    public static void main(String[] a) {
        int n = 64;
        var reg = dev.engram.api.spi.Registry.load();
        var prov = reg.model("dam");
        java.util.Map<String, Object> raw = new java.util.LinkedHashMap<>();
        raw.put("memories", Integer.getInteger("k", 32));
        raw.put("n", Integer.getInteger("power", 5));
        raw.put("temperature", Double.parseDouble(System.getProperty("temp", "1.0")));
        raw.put("epochs", Integer.getInteger("epochs", 200));
        raw.put("batch-size", 6);
        raw.put("learning-rate", Double.parseDouble(System.getProperty("lr", "0.1")));
        TrainableModel dam = (TrainableModel) prov.create(new dev.engram.api.spi.ModelContext(n, prov.parseParams(raw), reg.kernels(), 5));
        List<Task> tasks = Sequences.randomTasks(2, 6, n, 2, 6, 11);
        var strat = System.getProperty("s", "agem").equals("agem")
                ? new AgemStrategy(6, 30, GradientProjectionStrategy.Projection.valueOf(System.getProperty("proj", "AFTER")))
                : new NaiveStrategy();
        var inner = strat;
        dev.engram.api.learn.Strategy wrapped = new dev.engram.api.learn.Strategy() {
            public String providerName() { return "dbg"; }
            public void beforeTask(dev.engram.api.learn.TrainingContext c) { inner.beforeTask(c); }
            public void afterTask(dev.engram.api.learn.TrainingContext c) { inner.afterTask(c); }
            public void adjustGradient(dev.engram.api.learn.TrainingContext c, float[] g0) { inner.adjustGradient(c, g0); }
            public void adjustUpdate(dev.engram.api.learn.TrainingContext c, float[] d) {
                float[] go = new float[d.length];
                if (c.taskIndex() == 1 && c.step() < 3) {
                    dam.lossAndGradient(tasks.get(0).items(), go);
                    System.out.printf("step %d before: <d,g_old>=%.4g%n", c.step(), StrategySupport.dot(d, go));
                }
                inner.adjustUpdate(c, d);
                if (c.taskIndex() == 1 && c.step() < 3) {
                    System.out.printf("step %d after: <d,g_old>=%.4g%n", c.step(), StrategySupport.dot(d, go));
                    float[] before = dam.parameters().clone();
                    double l0 = dam.lossAndGradient(tasks.get(0).items(), go);
                    dam.applyUpdate(d);
                    double l1 = dam.lossAndGradient(tasks.get(0).items(), go);
                    float[] moved = new float[d.length]; int clamped = 0;
                    for (int i = 0; i < d.length; i++) { moved[i] = dam.parameters()[i] - before[i]; if (Math.abs(moved[i] - d[i]) > 1e-6) clamped++; }
                    dam.setParameters(before);
                    System.out.printf("   old loss %.4f -> %.4f, clamped comps %d%n", l0, l1, clamped);
                }
            }
        };
        SequentialTrainer tr = new SequentialTrainer(dam, wrapped, 3);
        float[] g = new float[dam.parameterCount()];
        TrainingListener l = new TrainingListener() {
            @Override
            public void epochDone(int task, int epoch, int epochs, double loss) {
                if (epoch % 10 == 0 || epoch < 10) {
                    double old = dam.lossAndGradient(tasks.get(0).items(), g);
                    double gn = Math.sqrt(StrategySupport.dot(g, g));
                    System.out.printf("task %d epoch %d loss %.3f old-task loss %.4f |g_old| %.3g acc-old %.2f%n", task, epoch, loss, old, gn,
                            dev.engram.api.learn.Evaluator.accuracy(dam, tasks.get(0)));
                }
            }
        };
        tr.learn(0, tasks.get(0), l);
        tr.learn(1, tasks.get(1), l);
        if (strat instanceof GradientProjectionStrategy gp) System.out.println(java.util.Arrays.toString(gp.projectionCounts()));
    }
}
