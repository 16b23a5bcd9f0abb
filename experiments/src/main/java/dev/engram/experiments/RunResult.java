package dev.engram.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model learning one task sequence with one strategy: the accuracy matrix {@code matrix[t][j]} (NaN for rows
 * not reached yet), the fresh model's accuracies {@code baseline[j]}, recall from corrupted probes after the last
 * task, and timings. {@code done} rows of the matrix are filled. {@code losses[t][e]} is the mean batch loss of
 * epoch e of task t (NaN for a model that stores rather than trains; an empty row for a task not reached).
 */
public record RunResult(String label, String model, Map<String, Object> modelParams, String strategy,
                        Map<String, Object> strategyParams, long seed, List<String> tasks, double[][] matrix,
                        double[] baseline, int done, List<NoiseRecall> noise, double[] trainSeconds,
                        double[] evalSeconds, double[][] losses) {

    /** Accuracy on each task (and their mean) from probes with a fraction {@code noise} of components flipped. */
    public record NoiseRecall(double noise, double[] perTask, double mean) {
    }

    public boolean complete() {
        return done == tasks.size();
    }

    public Metrics metrics() {
        return Metrics.of(matrix, baseline, done);
    }

    /** Total seconds spent training and evaluating. */
    public double seconds() {
        double s = 0;
        for (int t = 0; t < done; t++) {
            s += trainSeconds[t] + evalSeconds[t];
        }
        return s;
    }

    /** JSON-ready form (NaN written as null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("status", complete() ? "complete" : "partial: " + done + " of " + tasks.size() + " tasks");
        m.put("model", model);
        m.put("model-params", modelParams);
        m.put("strategy", strategy);
        m.put("strategy-params", strategyParams);
        m.put("seed", seed);
        m.put("tasks", tasks);
        m.put("matrix", nulls(matrix));
        m.put("baseline", nulls(baseline));
        m.put("metrics", metricsMap(metrics()));
        m.put("average-seen", nulls(Metrics.averageSeen(matrix, done)));
        List<Map<String, Object>> nr = new ArrayList<>();
        for (NoiseRecall r : noise) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("noise", r.noise());
            e.put("mean", num(r.mean()));
            e.put("per-task", nulls(r.perTask()));
            nr.add(e);
        }
        m.put("noise-recall", nr);
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("train-seconds", nulls(trainSeconds));
        tm.put("eval-seconds", nulls(evalSeconds));
        tm.put("total-seconds", seconds());
        m.put("timings", tm);
        m.put("training-loss", nulls(losses));
        return m;
    }

    public static Map<String, Object> metricsMap(Metrics x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acc", num(x.acc()));
        m.put("bwt", num(x.bwt()));
        m.put("fwt", num(x.fwt()));
        m.put("forgetting", num(x.forgetting()));
        m.put("learning-accuracy", num(x.learningAccuracy()));
        return m;
    }

    static Double num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    static List<Double> nulls(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double d : a) {
            l.add(num(d));
        }
        return l;
    }

    static List<List<Double>> nulls(double[][] a) {
        List<List<Double>> l = new ArrayList<>(a.length);
        for (double[] row : a) {
            l.add(nulls(row));
        }
        return l;
    }
}
