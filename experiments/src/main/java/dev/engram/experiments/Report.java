package dev.engram.experiments;

import dev.engram.experiments.io.Charts;
import dev.engram.experiments.io.Csv;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of an experiment's runs: {@code results.csv} (one row of metrics per run and seed), {@code
 * summary.csv} (per run label: every metric's mean, SD and 95 % t-interval over the seeds), {@code matrix.csv}
 * (the accuracy matrices, long form), {@code recall.csv} (recall from corrupted probes), {@code training.csv}
 * (the mean batch loss of every epoch of every task) and the plots (PNG + SVG): per run label the accuracy on
 * each task after each task, a heat map of R and the training loss (means over the seeds, with 95 % error bars
 * when there are several); across runs the metric bars, the mean accuracy on the tasks seen so far and recall
 * against noise. Also the table printed at the end.
 */
public final class Report {
    private Report() {
    }

    /** The metrics of a run: name in files, name in tables. */
    static final List<String[]> METRICS = List.of(new String[] {"acc", "ACC"}, new String[] {"bwt", "BWT"},
            new String[] {"fwt", "FWT"}, new String[] {"forgetting", "forgetting"},
            new String[] {"learning-accuracy", "learning accuracy"});

    static double metric(Metrics m, String name) {
        return switch (name) {
            case "acc" -> m.acc();
            case "bwt" -> m.bwt();
            case "fwt" -> m.fwt();
            case "forgetting" -> m.forgetting();
            case "learning-accuracy" -> m.learningAccuracy();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The runs grouped by label (one entry per seed), in the order of their first run. */
    static Map<String, List<RunResult>> byLabel(List<RunResult> runs) {
        Map<String, List<RunResult>> m = new LinkedHashMap<>();
        for (RunResult r : runs) {
            m.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** Every metric's interval over the seeds of each label. */
    static Map<String, Map<String, Interval>> intervals(List<RunResult> runs) {
        Map<String, Map<String, Interval>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunResult>> e : byLabel(runs).entrySet()) {
            Map<String, Interval> m = new LinkedHashMap<>();
            for (String[] k : METRICS) {
                m.put(k[0], Interval.of(e.getValue().stream().mapToDouble(r -> metric(r.metrics(), k[0])).toArray()));
            }
            out.put(e.getKey(), m);
        }
        return out;
    }

    /** The {@code summary} of results.json: per label, the seeds and each metric's mean, sd, ci95 low and high. */
    static List<Map<String, Object>> summary(List<RunResult> runs) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, List<RunResult>> groups = byLabel(runs);
        for (Map.Entry<String, Map<String, Interval>> e : intervals(runs).entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", e.getKey());
            m.put("seeds", groups.get(e.getKey()).stream().map(RunResult::seed).toList());
            for (Map.Entry<String, Interval> in : e.getValue().entrySet()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("mean", RunResult.num(in.getValue().mean()));
                v.put("sd", RunResult.num(in.getValue().sd()));
                v.put("ci95-low", RunResult.num(in.getValue().low()));
                v.put("ci95-high", RunResult.num(in.getValue().high()));
                v.put("n", in.getValue().count());
                m.put(in.getKey(), v);
            }
            out.add(m);
        }
        return out;
    }

    /** Writes the CSV files and plots for {@code runs} into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir, String title, List<RunResult> runs) throws IOException {
        return write(dir, title, runs, null);
    }

    /** As {@link #write(Path, String, List)}; notes on metrics left out of plots go to {@code console}. */
    static List<Path> write(Path dir, String title, List<RunResult> runs, PrintWriter console) throws IOException {
        List<Path> files = new ArrayList<>(writeCsv(dir, runs));
        files.addAll(plots(dir, title, runs, console));
        return files;
    }

    static List<Path> writeCsv(Path dir, List<RunResult> runs) throws IOException {
        List<List<?>> rows = new ArrayList<>();
        List<List<?>> matrix = new ArrayList<>();
        List<List<?>> recall = new ArrayList<>();
        List<List<?>> training = new ArrayList<>();
        for (RunResult r : runs) {
            Metrics m = r.metrics();
            double train = 0;
            for (int t = 0; t < r.done(); t++) {
                train += r.trainSeconds()[t];
            }
            rows.add(List.of(r.label(), r.model(), r.strategy(), r.seed(), m.acc(), m.bwt(), m.fwt(), m.forgetting(),
                    m.learningAccuracy(), train, r.seconds(), r.complete() ? "complete" : "partial"));
            for (int t = 0; t < r.done(); t++) {
                for (int j = 0; j < r.tasks().size(); j++) {
                    matrix.add(List.of(r.label(), r.seed(), t + 1, j + 1, r.tasks().get(j), r.matrix()[t][j]));
                }
            }
            for (int j = 0; j < r.tasks().size(); j++) {
                matrix.add(List.of(r.label(), r.seed(), 0, j + 1, r.tasks().get(j), r.baseline()[j]));
            }
            for (RunResult.NoiseRecall nr : r.noise()) {
                for (int j = 0; j < nr.perTask().length; j++) {
                    recall.add(List.of(r.label(), r.seed(), nr.noise(), j + 1, nr.perTask()[j]));
                }
                recall.add(List.of(r.label(), r.seed(), nr.noise(), "mean", nr.mean()));
            }
            for (int t = 0; t < r.losses().length; t++) {
                for (int e = 0; e < r.losses()[t].length; e++) {
                    training.add(List.of(r.label(), r.seed(), t + 1, e + 1, r.losses()[t][e]));
                }
            }
        }
        List<List<?>> summary = new ArrayList<>();
        Map<String, List<RunResult>> groups = byLabel(runs);
        for (Map.Entry<String, Map<String, Interval>> e : intervals(runs).entrySet()) {
            RunResult first = groups.get(e.getKey()).get(0);
            List<Object> row = new ArrayList<>(List.of(e.getKey(), first.model(), first.strategy(),
                    groups.get(e.getKey()).size()));
            for (String[] k : METRICS) {
                Interval in = e.getValue().get(k[0]);
                row.addAll(List.of(in.mean(), in.sd(), in.low(), in.high()));
            }
            summary.add(row);
        }
        List<String> sh = new ArrayList<>(List.of("label", "model", "strategy", "seeds"));
        for (String[] k : METRICS) {
            String c = k[0].replace('-', '_');
            sh.addAll(List.of(c, c + "_sd", c + "_ci95_low", c + "_ci95_high"));
        }
        Csv.write(dir.resolve("results.csv"), List.of("label", "model", "strategy", "seed", "acc", "bwt", "fwt",
                "forgetting", "learning_accuracy", "train_seconds", "total_seconds", "status"), rows);
        Csv.write(dir.resolve("summary.csv"), sh, summary);
        Csv.write(dir.resolve("matrix.csv"), List.of("label", "seed", "after_task", "task", "task_name", "accuracy"),
                matrix);
        Csv.write(dir.resolve("recall.csv"), List.of("label", "seed", "noise", "task", "accuracy"), recall);
        Csv.write(dir.resolve("training.csv"), List.of("label", "seed", "task", "epoch", "loss"), training);
        return List.of(dir.resolve("results.csv"), dir.resolve("summary.csv"), dir.resolve("matrix.csv"),
                dir.resolve("recall.csv"), dir.resolve("training.csv"));
    }

    /** Mean and 95 % half-width over the seeds of {@code values[seed][i]} (NaN where no seed has a value). */
    private static double[][] meanAndError(List<double[]> values, int n) {
        double[] mean = new double[n];
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            double[] col = new double[values.size()];
            for (int s = 0; s < values.size(); s++) {
                col[s] = i < values.get(s).length ? values.get(s)[i] : Double.NaN;
            }
            Interval in = Interval.of(col);
            mean[i] = in.mean();
            err[i] = in.halfWidth();
        }
        return new double[][] {mean, err};
    }

    static List<Path> plots(Path dir, String title, List<RunResult> runs, PrintWriter console) throws IOException {
        List<Path> files = new ArrayList<>();
        double[] unit = {0, 1.02};
        Map<String, List<RunResult>> groups = byLabel(runs);
        for (Map.Entry<String, List<RunResult>> g : groups.entrySet()) {
            List<RunResult> rs = g.getValue();
            RunResult r0 = rs.get(0);
            String label = g.getKey();
            String slug = slug(label);
            String over = rs.size() > 1 ? " (mean over " + rs.size() + " seeds, 95% interval)" : "";
            int nt = r0.tasks().size();
            int done = rs.stream().mapToInt(RunResult::done).min().orElse(0);
            List<Charts.Series> curves = new ArrayList<>();
            double[][] mean = new double[done][nt];
            for (int j = 0; j < nt; j++) {
                double[] x = new double[done];
                List<double[]> ys = new ArrayList<>();
                for (RunResult r : rs) {
                    double[] y = new double[done];
                    for (int t = 0; t < done; t++) {
                        y[t] = t >= j ? r.matrix()[t][j] : Double.NaN;
                    }
                    ys.add(y);
                }
                for (int t = 0; t < done; t++) {
                    x[t] = t + 1;
                }
                double[][] me = meanAndError(ys, done);
                for (int t = 0; t < done; t++) {
                    final int tt = t;
                    final int jj = j;
                    // a task not learned yet is left empty: the heat map shows it grey, not as "forgotten"
                    mean[t][j] = j > t ? Double.NaN
                            : Interval.of(rs.stream().mapToDouble(r -> r.matrix()[tt][jj]).toArray()).mean();
                }
                curves.add(new Charts.Series("task " + (j + 1), x, me[0], me[1]));
            }
            files.addAll(Charts.line(label + ": accuracy on each task" + over, "after learning task", "accuracy",
                    curves, unit, Charts.XAxis.INTEGER).save(dir, "accuracy-" + slug));
            List<String> labels = new ArrayList<>();
            for (int j = 0; j < nt; j++) {
                labels.add(Integer.toString(j + 1));
            }
            if (done > 0) {
                files.addAll(Charts.heatMap(label + ": R[after task][task]" + (rs.size() > 1 ? " (mean over seeds)" : ""),
                        "task", "after learning task", mean, labels.subList(0, done), labels, 0, 1)
                        .save(dir, "heatmap-" + slug));
            }
            // the training loss, epoch by epoch across the tasks (trained models only)
            List<Charts.Series> loss = new ArrayList<>();
            int offset = 0;
            for (int t = 0; t < nt; t++) {
                int epochs = 0;
                List<double[]> ys = new ArrayList<>();
                for (RunResult r : rs) {
                    double[] l = t < r.losses().length ? r.losses()[t] : new double[0];
                    epochs = Math.max(epochs, l.length);
                    ys.add(l);
                }
                if (epochs == 0) {
                    continue;
                }
                double[][] me = meanAndError(ys, epochs);
                double[] x = new double[epochs];
                for (int e = 0; e < epochs; e++) {
                    x[e] = offset + e + 1;
                }
                offset += epochs;
                if (java.util.Arrays.stream(me[0]).anyMatch(v -> !Double.isNaN(v))) {
                    loss.add(new Charts.Series("task " + (t + 1), x, me[0], me[1]));
                }
            }
            if (!loss.isEmpty()) {
                files.addAll(Charts.line(label + ": training loss (mean batch loss per epoch)" + over,
                        "epoch (tasks one after another)", "loss", loss, null, Charts.XAxis.INTEGER)
                        .save(dir, "training-" + slug));
            }
        }
        // across runs: metric bars (undefined or constant metrics left out), mean accuracy so far, recall/noise
        Map<String, Map<String, Interval>> in = intervals(runs);
        List<String> shown = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String[] k : METRICS) {
            if (k[0].equals("learning-accuracy")) {
                continue;
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Map<String, Interval> m : in.values()) {
                double v = m.get(k[0]).mean();
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (lo > hi) {
                left.add(k[1] + " (undefined for these runs)");
            } else if (lo == hi && in.size() > 1) {
                left.add(k[1] + " (" + f(lo) + " for every run)");
            } else {
                shown.add(k[0]);
            }
        }
        Map<String, double[]> bars = new LinkedHashMap<>();
        Map<String, double[]> errs = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Interval>> e : in.entrySet()) {
            double[] v = new double[shown.size()];
            double[] er = new double[shown.size()];
            for (int i = 0; i < shown.size(); i++) {
                v[i] = e.getValue().get(shown.get(i)).mean();
                er[i] = e.getValue().get(shown.get(i)).halfWidth();
            }
            bars.put(e.getKey(), v);
            errs.put(e.getKey(), er);
        }
        if (!shown.isEmpty()) {
            List<String> cats = shown.stream().map(k -> METRICS.stream().filter(m -> m[0].equals(k)).findFirst()
                    .orElseThrow()[1]).toList();
            String note = left.isEmpty() ? "" : " (left out: " + String.join(", ", left) + ")";
            files.addAll(Charts.bars(title + ": metrics" + (groups.values().iterator().next().size() > 1
                    ? ", 95% intervals" : "") + note, "", "value", cats, bars, errs, null).save(dir, "compare-metrics"));
        }
        if (!left.isEmpty() && console != null) {
            console.println("engram: note: compare-metrics leaves out " + String.join(", ", left));
        }
        List<Charts.Series> avg = new ArrayList<>();
        List<Charts.Series> noise = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> g : groups.entrySet()) {
            List<RunResult> rs = g.getValue();
            int done = rs.stream().mapToInt(RunResult::done).min().orElse(0);
            double[][] a = meanAndError(rs.stream().map(r -> Metrics.averageSeen(r.matrix(), r.done())).toList(), done);
            double[] x = new double[done];
            for (int t = 0; t < done; t++) {
                x[t] = t + 1;
            }
            avg.add(new Charts.Series(g.getKey(), x, a[0], a[1]));
            int nn = rs.get(0).noise().size();
            double[] nx = new double[nn];
            for (int i = 0; i < nn; i++) {
                nx[i] = rs.get(0).noise().get(i).noise();
            }
            double[][] ny = meanAndError(rs.stream().map(r -> r.noise().stream().mapToDouble(RunResult.NoiseRecall::mean)
                    .toArray()).toList(), nn);
            noise.add(new Charts.Series(g.getKey(), nx, ny[0], ny[1]));
        }
        files.addAll(Charts.line(title + ": mean accuracy on the tasks seen so far", "after learning task",
                "mean accuracy", avg, unit, Charts.XAxis.INTEGER).save(dir, "compare-average"));
        if (runs.stream().anyMatch(r -> !r.noise().isEmpty())) {
            files.addAll(Charts.line(title + ": recall from corrupted probes after the last task",
                    "fraction of components flipped", "mean accuracy", noise, unit).save(dir, "recall-noise"));
        }
        return files;
    }

    /** A file-name-safe form of a run label. */
    public static String slug(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.=-]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "run" : s;
    }

    /**
     * The table: one line per run label; with several seeds every metric is {@code mean ± half-width} of its
     * 95 % t-interval.
     */
    public static void table(PrintWriter out, List<RunResult> runs) {
        Map<String, List<RunResult>> groups = byLabel(runs);
        boolean seeds = groups.values().stream().anyMatch(l -> l.size() > 1);
        int w = Math.max(8, runs.stream().mapToInt(r -> r.label().length()).max().orElse(8));
        if (!seeds) {
            out.printf(Locale.ROOT, "%-" + w + "s  %6s  %7s  %7s  %7s  %7s  %8s%n", "run", "ACC", "BWT", "FWT", "forget",
                    "learn", "seconds");
            for (RunResult r : runs) {
                Metrics m = r.metrics();
                out.printf(Locale.ROOT, "%-" + w + "s  %6s  %7s  %7s  %7s  %7s  %8.1f%s%n", r.label(), f(m.acc()),
                        f(m.bwt()), f(m.fwt()), f(m.forgetting()), f(m.learningAccuracy()), r.seconds(),
                        r.complete() ? "" : "  (partial)");
            }
        } else {
            out.printf(Locale.ROOT, "%-" + w + "s  %5s  %15s  %16s  %16s  %15s  %15s%n", "run", "seeds", "ACC", "BWT",
                    "FWT", "forget", "learn");
            Map<String, Map<String, Interval>> in = intervals(runs);
            for (Map.Entry<String, Map<String, Interval>> e : in.entrySet()) {
                Map<String, Interval> m = e.getValue();
                out.printf(Locale.ROOT, "%-" + w + "s  %5d  %15s  %16s  %16s  %15s  %15s%n", e.getKey(),
                        groups.get(e.getKey()).size(), m.get("acc").text("%.3f"), m.get("bwt").text("%.3f"),
                        m.get("fwt").text("%.3f"), m.get("forgetting").text("%.3f"),
                        m.get("learning-accuracy").text("%.3f"));
            }
            out.println("(mean ± half-width of the 95% t-interval over the seeds)");
        }
        out.flush();
    }

    static String f(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }
}
