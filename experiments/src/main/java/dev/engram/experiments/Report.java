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
 * The files of an experiment's runs: {@code results.csv} (one row of metrics per run), {@code matrix.csv} (the
 * accuracy matrices, long form), {@code recall.csv} (recall from corrupted probes) and the plots (PNG + SVG):
 * per run the accuracy on each task after each task and a heat map of R; across runs the metric bars, the mean
 * accuracy on the tasks seen so far and recall against noise. Also the compact table printed at the end.
 */
public final class Report {
    private Report() {
    }

    /** Writes the CSV files and plots for {@code runs} into {@code dir}; returns the plot files written. */
    public static List<Path> write(Path dir, String title, List<RunResult> runs) throws IOException {
        writeCsv(dir, runs);
        return plots(dir, title, runs);
    }

    static void writeCsv(Path dir, List<RunResult> runs) throws IOException {
        List<List<?>> rows = new ArrayList<>();
        List<List<?>> matrix = new ArrayList<>();
        List<List<?>> recall = new ArrayList<>();
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
                    matrix.add(List.of(r.label(), t + 1, j + 1, r.tasks().get(j), r.matrix()[t][j]));
                }
            }
            for (int j = 0; j < r.tasks().size(); j++) {
                matrix.add(List.of(r.label(), 0, j + 1, r.tasks().get(j), r.baseline()[j]));
            }
            for (RunResult.NoiseRecall nr : r.noise()) {
                for (int j = 0; j < nr.perTask().length; j++) {
                    recall.add(List.of(r.label(), nr.noise(), j + 1, nr.perTask()[j]));
                }
                recall.add(List.of(r.label(), nr.noise(), "mean", nr.mean()));
            }
        }
        Csv.write(dir.resolve("results.csv"), List.of("label", "model", "strategy", "seed", "acc", "bwt", "fwt",
                "forgetting", "learning_accuracy", "train_seconds", "total_seconds", "status"), rows);
        Csv.write(dir.resolve("matrix.csv"), List.of("label", "after_task", "task", "task_name", "accuracy"), matrix);
        Csv.write(dir.resolve("recall.csv"), List.of("label", "noise", "task", "accuracy"), recall);
    }

    static List<Path> plots(Path dir, String title, List<RunResult> runs) throws IOException {
        List<Path> files = new ArrayList<>();
        double[] unit = {0, 1.02};
        for (RunResult r : runs) {
            String slug = slug(r.label());
            int nt = r.tasks().size();
            List<Charts.Series> curves = new ArrayList<>();
            for (int j = 0; j < nt; j++) {
                double[] x = new double[r.done()];
                double[] y = new double[r.done()];
                for (int t = 0; t < r.done(); t++) {
                    x[t] = t + 1;
                    y[t] = t >= j ? r.matrix()[t][j] : Double.NaN;
                }
                curves.add(new Charts.Series("task " + (j + 1), x, y));
            }
            files.addAll(Charts.line(r.label() + ": accuracy on each task", "after learning task", "accuracy",
                    curves, unit).save(dir, "accuracy-" + slug));
            List<String> labels = new ArrayList<>();
            for (int j = 0; j < nt; j++) {
                labels.add(Integer.toString(j + 1));
            }
            double[][] m = new double[r.done()][];
            for (int t = 0; t < r.done(); t++) {
                m[t] = r.matrix()[t];
            }
            if (r.done() > 0) {
                files.addAll(Charts.heatMap(r.label() + ": R[after task][task]", "task", "after learning task", m,
                        labels.subList(0, r.done()), labels, 0, 1).save(dir, "heatmap-" + slug));
            }
        }
        Map<String, double[]> bars = new LinkedHashMap<>();
        List<Charts.Series> avg = new ArrayList<>();
        List<Charts.Series> noise = new ArrayList<>();
        for (RunResult r : runs) {
            Metrics m = r.metrics();
            bars.put(r.label(), new double[] {m.acc(), m.bwt(), m.fwt(), m.forgetting()});
            double[] a = Metrics.averageSeen(r.matrix(), r.done());
            double[] x = new double[a.length];
            for (int t = 0; t < a.length; t++) {
                x[t] = t + 1;
            }
            avg.add(new Charts.Series(r.label(), x, a));
            double[] nx = new double[r.noise().size()];
            double[] ny = new double[r.noise().size()];
            for (int i = 0; i < nx.length; i++) {
                nx[i] = r.noise().get(i).noise();
                ny[i] = r.noise().get(i).mean();
            }
            noise.add(new Charts.Series(r.label(), nx, ny));
        }
        files.addAll(Charts.bars(title + ": metrics", "", "value", List.of("ACC", "BWT", "FWT", "forgetting"), bars,
                null).save(dir, "compare-metrics"));
        files.addAll(Charts.line(title + ": mean accuracy on the tasks seen so far", "after learning task",
                "mean accuracy", avg, unit).save(dir, "compare-average"));
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

    /** The compact table: one line per run. */
    public static void table(PrintWriter out, List<RunResult> runs) {
        int w = Math.max(8, runs.stream().mapToInt(r -> r.label().length()).max().orElse(8));
        out.printf(Locale.ROOT, "%-" + w + "s  %6s  %7s  %7s  %7s  %7s  %8s%n", "run", "ACC", "BWT", "FWT", "forget",
                "learn", "seconds");
        for (RunResult r : runs) {
            Metrics m = r.metrics();
            out.printf(Locale.ROOT, "%-" + w + "s  %6s  %7s  %7s  %7s  %7s  %8.1f%s%n", r.label(), f(m.acc()), f(m.bwt()),
                    f(m.fwt()), f(m.forgetting()), f(m.learningAccuracy()), r.seconds(),
                    r.complete() ? "" : "  (partial)");
        }
        out.flush();
    }

    static String f(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }
}
