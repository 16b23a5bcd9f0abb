package dev.engram.strategies;

import dev.engram.api.learn.Task;
import java.util.List;

final class Debug {
    public static void main(String[] a) {
        int n = 64, k = 32;
        double temp = Double.parseDouble(System.getProperty("temp", "0.6"));
        List<Task> tasks = Sequences.randomTasks(1, 6, n, 1, 0, 11);
        for (String which : new String[] {"ewc", "mas", "si"}) {
            TestDam dam = new TestDam(n, k, 5, temp, 0.1, 0.6, Integer.getInteger("epochs", 200), 6, 5);
            ImportancePenaltyStrategy s = switch (which) {
                case "ewc" -> new EwcStrategy(1, ImportancePenaltyStrategy.Mode.SEPARATE, 1, 0);
                case "mas" -> new MasStrategy(1, 0);
                default -> new SiStrategy(1, 0.1);
            };
            Sequences.run(dam, s, tasks, 3);
            float[] om = s.importances().get(0);
            double max = 0, sum = 0; int zero = 0;
            for (float f : om) { max = Math.max(max, f); sum += f; if (f == 0) zero++; }
            System.out.printf("%s max=%.3g mean=%.3g zeros=%d/%d%n", which, max, sum / om.length, zero, om.length);
        }
    }
}
