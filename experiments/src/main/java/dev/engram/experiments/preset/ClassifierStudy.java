package dev.engram.experiments.preset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.api.Model;
import dev.engram.api.learn.Evaluator;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingDivergedException;
import dev.engram.api.learn.TrainingListener;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.Interval;
import dev.engram.experiments.Versions;
import dev.engram.experiments.data.TaskSequence;
import dev.engram.experiments.io.Charts;
import dev.engram.experiments.io.Csv;
import dev.engram.experiments.io.Json;
import dev.engram.experiments.io.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A single-task classifier study: one model trained on one classification task (all of MNIST, say) for each grid
 * point × seed, scored on the test images every {@code evalEvery} epochs and at the end. Each finished trial is
 * written atomically to {@code trials/<point>-seed<S>.json}; started again in the same folder the study skips
 * the trials already there. At the end: {@code curves.csv} (every evaluation), {@code summary.csv} and the
 * printed table (per point: final test accuracy, mean ± 95 % t-interval over the seeds, epochs, seconds), and
 * the plots {@code accuracy} (final accuracy against the swept parameter, with the interval's bounds) and
 * {@code curves} (mean test accuracy against the epoch, one line per point). A trial whose training diverges is
 * recorded as such and the study goes on; the run then ends in a {@link TrainingDivergedException} after the
 * summary is written.
 *
 * @param name      titles
 * @param model     the model's name
 * @param params    its parameters, shared by every point
 * @param xKey      the swept parameter (the x axis; every point sets it)
 * @param points    parameters per point (merged over {@code params}), e.g. {@code {n: 10}}
 * @param seeds     each point runs once per seed (data sample, initial memories, batch order)
 * @param evalEvery the test set is scored every this many epochs
 * @param data      the task (exactly one)
 */
public record ClassifierStudy(String name, String model, Map<String, Object> params, String xKey,
                              List<Map<String, Object>> points, List<Long> seeds, int evalEvery, DataSpec data) {

    public ClassifierStudy {
        params = Map.copyOf(params);
        points = List.copyOf(points);
        seeds = List.copyOf(seeds);
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evaluation interval is " + evalEvery + "; accepted: at least 1");
        }
        for (Map<String, Object> p : points) {
            if (!p.containsKey(xKey)) {
                throw new IllegalArgumentException("grid point " + p + " does not set '" + xKey + "'");
            }
        }
    }

    /** One evaluation during training. */
    record Point(int epoch, double loss, double test, double seconds) {
    }

    static String trialName(Map<String, Object> point, long seed) {
        StringBuilder b = new StringBuilder();
        point.forEach((k, v) -> b.append(k).append(v).append('-'));
        return b.append("seed").append(seed).toString().replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /** Runs the trials not yet in {@code out/trials}, then writes the summary, curves and plots. */
    public void run(Registry registry, Path out, PrintWriter console) throws IOException {
        ModelProvider mp = registry.model(model);
        StrategyProvider naive = registry.strategy("naive");
        List<Params> parsed = new ArrayList<>();
        for (Map<String, Object> p : points) {
            Map<String, Object> all = new LinkedHashMap<>(params);
            all.putAll(p);
            parsed.add(mp.parseParams(all));     // every point's parameters are checked before anything runs
        }
        data.check();
        Path trials = out.resolve("trials");
        Files.createDirectories(trials);
        Map<Long, TaskSequence> sequences = new LinkedHashMap<>();
        int todo = 0;
        for (Map<String, Object> p : points) {
            for (long seed : seeds) {
                if (!Files.exists(trials.resolve(trialName(p, seed) + ".json"))) {
                    todo++;
                }
            }
        }
        if (todo < points.size() * seeds.size()) {
            console.printf(Locale.ROOT, "Resuming: %d of %d trials already in %s%n", points.size() * seeds.size() - todo,
                    points.size() * seeds.size(), trials);
            console.flush();
        }
        String diverged = null;
        try (Progress bar = Progress.start(name, todo, "trials")) {
            for (int pi = 0; pi < points.size(); pi++) {
                for (long seed : seeds) {
                    Path file = trials.resolve(trialName(points.get(pi), seed) + ".json");
                    if (Files.exists(file)) {
                        continue;
                    }
                    TaskSequence seq = sequences.computeIfAbsent(seed, data::build);
                    if (seq.size() != 1) {
                        throw new IllegalArgumentException("a classifier study takes one task; the data has " + seq.size());
                    }
                    String label = points.get(pi) + " seed " + seed;
                    bar.message(label);
                    Map<String, Object> rec = trial(mp, parsed.get(pi), naive, seq.tasks().get(0), seed, registry,
                            bar, label);
                    rec.put("point", points.get(pi));
                    Json.write(file, rec);
                    bar.step();
                    Object err = rec.get("error");
                    if (err != null && diverged == null) {
                        diverged = err.toString();
                    }
                    if (bar.isQuiet()) {
                        console.printf(Locale.ROOT, "  %-34s test %s  (%.0f s)%n", label,
                                err != null ? "diverged" : String.format(Locale.ROOT, "%.4f", (double) rec.get("test")),
                                (double) rec.get("seconds"));
                        console.flush();
                    }
                }
            }
        }
        summarise(registry, out, console);
        if (diverged != null) {
            throw new TrainingDivergedException(diverged + " (the other trials are in " + trials + ")", 0, 0);
        }
    }

    private Map<String, Object> trial(ModelProvider mp, Params p, StrategyProvider naive, Task task, long seed,
                                      Registry registry, Progress bar, String label) {
        Model m = mp.create(new ModelContext(task.dimension(), p, registry.kernels(), seed));
        Strategy s = naive.create(new StrategyContext(naive.parseParams(Map.of()), seed));
        List<Point> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        long[] evalNanos = {0};
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("seed", seed);
        rec.put("params", p.asMap());
        try {
            new SequentialTrainer(m, s, seed).learn(0, task, new TrainingListener() {
                @Override
                public void epochDone(int taskIndex, int epoch, int epochs, double loss) {
                    bar.message(label + " epoch " + (epoch + 1) + "/" + epochs);
                    if ((epoch + 1) % evalEvery == 0 || epoch + 1 == epochs) {
                        long e0 = System.nanoTime();
                        double acc = Evaluator.accuracy(m, task);
                        evalNanos[0] += System.nanoTime() - e0;
                        curve.add(new Point(epoch + 1, loss, acc, (System.nanoTime() - t0) / 1e9));
                    }
                }
            });
        } catch (TrainingDivergedException e) {
            rec.put("error", e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        rec.put("epochs", m instanceof TrainableModel tm ? tm.epochs() : 1);
        rec.put("test", curve.isEmpty() || rec.containsKey("error") ? Double.NaN : curve.get(curve.size() - 1).test());
        rec.put("seconds", seconds);
        rec.put("train-seconds", seconds - evalNanos[0] / 1e9);
        rec.put("curve", curve.stream().map(c -> Map.of("epoch", c.epoch(), "loss", c.loss(), "test", c.test(),
                "seconds", c.seconds())).toList());
        rec.put("versions", Versions.of(registry));
        return rec;
    }

    /** Reads every trial of this study's points and seeds in {@code out/trials} and writes the summary. */
    void summarise(Registry registry, Path out, PrintWriter console) throws IOException {
        Path trials = out.resolve("trials");
        List<List<?>> curveRows = new ArrayList<>();
        List<List<?>> summaryRows = new ArrayList<>();
        List<Charts.Series> curves = new ArrayList<>();
        double[] xs = new double[points.size()];
        double[] mean = new double[points.size()];
        double[] lo = new double[points.size()];
        double[] hi = new double[points.size()];
        console.printf(Locale.ROOT, "%-14s %5s %7s %-17s %8s%n", xKey, "seeds", "epochs", "test accuracy", "seconds");
        for (int pi = 0; pi < points.size(); pi++) {
            Map<String, Object> p = points.get(pi);
            List<Double> finals = new ArrayList<>();
            List<Double> secs = new ArrayList<>();
            Map<Integer, List<Double>> byEpoch = new java.util.TreeMap<>();
            int epochs = 0;
            for (long seed : seeds) {
                Path f = trials.resolve(trialName(p, seed) + ".json");
                if (!Files.exists(f)) {
                    continue;
                }
                JsonNode t = Json.read(f);
                finals.add(t.path("test").asDouble(Double.NaN));
                secs.add(t.path("seconds").asDouble());
                epochs = t.path("epochs").asInt();
                for (JsonNode c : t.path("curve")) {
                    curveRows.add(List.of(Json.line(p), seed, c.path("epoch").asInt(), c.path("loss").asDouble(),
                            c.path("test").asDouble(), c.path("seconds").asDouble()));
                    byEpoch.computeIfAbsent(c.path("epoch").asInt(), k -> new ArrayList<>()).add(c.path("test").asDouble());
                }
            }
            Interval acc = Interval.of(finals.stream().mapToDouble(Double::doubleValue).toArray());
            double secMean = secs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            summaryRows.add(List.of(Json.line(p), acc.count(), acc.missing(), epochs, acc.mean(), acc.sd(), acc.low(),
                    acc.high(), secMean));
            console.printf(Locale.ROOT, "%-14s %5d %7d %-17s %8.0f%n", String.valueOf(p.get(xKey)), acc.count(), epochs,
                    acc.text("%.4f") + (acc.missing() > 0 ? " (" + acc.missing() + " diverged)" : ""), secMean);
            xs[pi] = Double.parseDouble(String.valueOf(p.get(xKey)));
            mean[pi] = acc.mean();
            lo[pi] = acc.low();
            hi[pi] = acc.high();
            double[] ex = byEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] ey = byEpoch.values().stream().mapToDouble(l -> l.stream().mapToDouble(Double::doubleValue)
                    .average().orElse(Double.NaN)).toArray();
            if (ex.length > 0) {
                curves.add(new Charts.Series(xKey + " = " + p.get(xKey), ex, ey));
            }
        }
        console.flush();
        Csv.write(out.resolve("curves.csv"), List.of("point", "seed", "epoch", "loss", "test", "seconds"), curveRows);
        Csv.write(out.resolve("summary.csv"), List.of("point", "seeds", "diverged", "epochs", "test_mean", "test_sd",
                "test_ci95_low", "test_ci95_high", "seconds_mean"), summaryRows);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("model", model);
        doc.put("params", params);
        doc.put("points", points);
        doc.put("seeds", seeds);
        doc.put("eval-every", evalEvery);
        doc.put("data", data);
        doc.put("versions", Versions.of(registry));
        Json.write(out.resolve("study.json"), doc);
        List<Charts.Series> acc = List.of(new Charts.Series("mean over seeds", xs, mean),
                new Charts.Series("95% interval, low", xs, lo), new Charts.Series("95% interval, high", xs, hi));
        Charts.line(name + ": test accuracy against " + xKey, xKey, "test accuracy", acc, new double[] {0, 1.0})
                .save(out, "accuracy");
        if (!curves.isEmpty()) {
            Charts.line(name + ": test accuracy during training", "epoch", "test accuracy (mean over seeds)", curves,
                    new double[] {0, 1.0}).save(out, "curves");
        }
    }
}
