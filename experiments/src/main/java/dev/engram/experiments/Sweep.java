package dev.engram.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.api.spi.Registry;
import dev.engram.experiments.data.TaskSequence;
import dev.engram.experiments.io.AtomicFiles;
import dev.engram.experiments.io.Charts;
import dev.engram.experiments.io.Csv;
import dev.engram.experiments.io.Json;
import dev.engram.experiments.io.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * A grid of model and strategy parameter values x seeds, each trial a full run on the sequence made from its seed.
 * Every finished trial is appended as one line to {@code trials.jsonl} (or {@code trials.csv}); a sweep started
 * again in the same folder skips the trials already there. At the end {@code sweep.csv} holds the mean metrics
 * per grid point over the seeds and {@code sweep-acc} / {@code sweep-bwt} plot them against the first grid
 * parameter.
 */
public final class Sweep {
    /** One trial: a model, a strategy (with their grid values merged in) and a seed. */
    public record Trial(Spec model, Spec strategy, Map<String, Object> gridValues, long seed) {
        /** The identity of the trial in the log. */
        public String key() {
            return model.label() + "|" + strategy.label() + "|seed=" + seed;
        }

        /** Model, strategy, grid values and seed: for progress lines. */
        public String shortLabel() {
            return model.name() + " " + strategy.name() + (gridValues.isEmpty() ? "" : " " + gridValues) + " seed=" + seed;
        }

        /** The label of its grid point (without the seed). */
        public String point() {
            return model.label() + " " + strategy.label();
        }
    }

    /** Log format. */
    public enum Format {
        JSONL("trials.jsonl"), CSV("trials.csv");

        final String file;

        Format(String file) {
            this.file = file;
        }

        public String file() {
            return file;
        }

        public static Format of(String s) {
            return switch (s) {
                case "jsonl" -> JSONL;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("sweep format '" + s + "' is unknown; accepted: jsonl, csv");
            };
        }
    }

    private Sweep() {
    }

    /**
     * The trials of the grid: for each model and strategy, every combination of the grid values (grid keys are
     * given as {@code model.k} or {@code strategy.k}), for each seed. Order: models, strategies, grid, seeds.
     */
    public static List<Trial> trials(List<Spec> models, List<Spec> strategies, Map<String, List<Object>> modelGrid,
                                     Map<String, List<Object>> strategyGrid, List<Long> seeds) {
        return trialsOfPoints(models, strategies, points(modelGrid), points(strategyGrid), seeds);
    }

    /**
     * The trials of explicit grid points (parameter values that go together, e.g. a temperature chosen per n),
     * for each model, strategy and seed.
     */
    public static List<Trial> trialsOfPoints(List<Spec> models, List<Spec> strategies, List<Map<String, Object>> mpoints,
                                             List<Map<String, Object>> spoints, List<Long> seeds) {
        List<Trial> out = new ArrayList<>();
        for (Spec m : models) {
            for (Spec s : strategies) {
                for (Map<String, Object> mp : mpoints) {
                    for (Map<String, Object> sp : spoints) {
                        Map<String, Object> g = new LinkedHashMap<>();
                        mp.forEach((k, v) -> g.put("model." + k, v));
                        sp.forEach((k, v) -> g.put("strategy." + k, v));
                        for (long seed : seeds) {
                            out.add(new Trial(m.with(mp), s.with(sp), g, seed));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<Map<String, Object>> points(Map<String, List<Object>> grid) {
        List<Map<String, Object>> pts = new ArrayList<>();
        pts.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid parameter '" + e.getKey() + "' has no values");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : pts) {
                for (Object v : e.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            pts = next;
        }
        return pts;
    }

    /** The keys of the trials already in the log of {@code dir} (none when there is no log). */
    public static Set<String> finished(Path dir, Format format) throws IOException {
        Path log = dir.resolve(format.file());
        Set<String> keys = new LinkedHashSet<>();
        if (!Files.exists(log)) {
            return keys;
        }
        if (format == Format.JSONL) {
            int line = 0;
            for (String s : Files.readAllLines(log)) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = Json.parse(s);
                } catch (IOException e) {
                    throw new IllegalArgumentException("sweep log '" + log + "' line " + line + " is not JSON; "
                            + "remove that line (or the file) to go on");
                }
                keys.add(n.path("key").asText());
            }
        } else {
            List<List<String>> rows = Csv.read(log);
            for (int i = 1; i < rows.size(); i++) {
                keys.add(rows.get(i).get(0));
            }
        }
        return keys;
    }

    /**
     * Runs the trials not yet in the log, appending each as it finishes; then writes the summary and plots.
     * Every trial's parameters are validated before the first one runs.
     *
     * @return every trial's summary row (those found in the log included)
     */
    public static List<Map<String, Object>> run(Registry registry, String title, List<Trial> trials,
                                                LongFunction<TaskSequence> data, Runner.Options options, Path dir,
                                                Format format, PrintWriter stdout) throws IOException {
        return run(registry, title, trials, data, options, dir, format, stdout, null);
    }

    /**
     * As above; {@code xKey} (e.g. {@code model.n}) is the grid parameter the summary plots put on the x axis, one
     * line per model and strategy ({@code null}: the first grid parameter with several numeric values, one line
     * per model, strategy and the other grid values).
     */
    public static List<Map<String, Object>> run(Registry registry, String title, List<Trial> trials,
                                                LongFunction<TaskSequence> data, Runner.Options options, Path dir,
                                                Format format, PrintWriter stdout, String xKey) throws IOException {
        List<Runner.Prepared> prepared = new ArrayList<>();
        for (Trial t : trials) {
            prepared.add(Runner.prepare(registry, t.model(), t.strategy(), t.point()));
        }
        Set<String> done = finished(dir, format);
        Map<Long, TaskSequence> sequences = new HashMap<>();
        for (int i = 0; i < trials.size(); i++) {
            if (!done.contains(trials.get(i).key())) {
                Trial t = trials.get(i);
                TaskSequence seq = sequences.computeIfAbsent(t.seed(), data::apply);
                String why = Runner.incompatibility(registry, prepared.get(i), seq.dimension(), t.seed());
                if (why != null) {
                    throw new IllegalArgumentException(why);
                }
            }
        }
        int todo = (int) trials.stream().filter(t -> !done.contains(t.key())).count();
        if (done.size() > 0) {
            stdout.printf(Locale.ROOT, "Resuming: %d of %d trials already in %s%n", trials.size() - todo, trials.size(),
                    dir.resolve(format.file()));
            stdout.flush();
        }
        Path log = dir.resolve(format.file());
        try (Progress bar = Progress.start(title, todo)) {
            for (int i = 0; i < trials.size(); i++) {
                Trial t = trials.get(i);
                if (done.contains(t.key())) {
                    continue;
                }
                bar.message(t.shortLabel());
                TaskSequence seq = sequences.computeIfAbsent(t.seed(), data::apply);
                RunResult r = Runner.run(registry, prepared.get(i), seq, t.seed(), options, Runner.Listener.NONE);
                append(log, format, t, r);
                done.add(t.key());
                bar.step();
                Metrics m = r.metrics();
                if (bar.isQuiet()) {
                    stdout.printf(Locale.ROOT, "  %-60s ACC %s  BWT %s  (%.1f s)%n", t.shortLabel(), Report.f(m.acc()),
                            Report.f(m.bwt()), r.seconds());
                    stdout.flush();
                }
            }
        }
        List<Map<String, Object>> rows = readLog(log, format);
        summarise(dir, title, trials, rows, stdout, xKey);
        return rows;
    }

    static final List<String> CSV_HEADER = List.of("key", "model", "strategy", "grid", "seed", "acc", "bwt", "fwt",
            "forgetting", "learning_accuracy", "seconds");

    private static void append(Path log, Format format, Trial t, RunResult r) throws IOException {
        Metrics m = r.metrics();
        if (format == Format.JSONL) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("key", t.key());
            line.put("model", t.model().name());
            line.put("strategy", t.strategy().name());
            line.put("grid", t.gridValues());
            line.put("seed", t.seed());
            line.put("metrics", RunResult.metricsMap(m));
            line.put("run", r.toMap());
            AtomicFiles.appendLine(log, Json.line(line));
        } else {
            if (!Files.exists(log)) {
                AtomicFiles.appendLine(log, Csv.line(CSV_HEADER));
            }
            AtomicFiles.appendLine(log, Csv.line(List.of(t.key(), t.model().name(), t.strategy().name(),
                    Json.line(t.gridValues()), t.seed(), m.acc(), m.bwt(), m.fwt(), m.forgetting(), m.learningAccuracy(),
                    r.seconds())));
        }
    }

    /** Each logged trial as {key, model, strategy, grid (map), seed, acc, bwt, fwt, forgetting}. */
    static List<Map<String, Object>> readLog(Path log, Format format) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        if (format == Format.JSONL) {
            for (String s : Files.readAllLines(log)) {
                if (s.isBlank()) {
                    continue;
                }
                JsonNode n = Json.parse(s);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", n.path("key").asText());
                row.put("model", n.path("model").asText());
                row.put("strategy", n.path("strategy").asText());
                row.put("grid", Json.mapper().convertValue(n.path("grid"), Map.class));
                row.put("seed", n.path("seed").asLong());
                for (String k : List.of("acc", "bwt", "fwt", "forgetting")) {
                    JsonNode v = n.path("metrics").path(k);
                    row.put(k, v.isNumber() ? v.asDouble() : Double.NaN);
                }
                out.add(row);
            }
        } else {
            List<List<String>> rows = Csv.read(log);
            for (int i = 1; i < rows.size(); i++) {
                List<String> c = rows.get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", c.get(0));
                row.put("model", c.get(1));
                row.put("strategy", c.get(2));
                row.put("grid", Json.mapper().readValue(c.get(3), Map.class));
                row.put("seed", Long.parseLong(c.get(4)));
                row.put("acc", parse(c.get(5)));
                row.put("bwt", parse(c.get(6)));
                row.put("fwt", parse(c.get(7)));
                row.put("forgetting", parse(c.get(8)));
                out.add(row);
            }
        }
        return out;
    }

    private static double parse(String s) {
        return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static void summarise(Path dir, String title, List<Trial> trials, List<Map<String, Object>> rows,
                                  PrintWriter stdout, String xKey) throws IOException {
        Map<String, Trial> byKey = new HashMap<>();
        for (Trial t : trials) {
            byKey.put(t.key(), t);
        }
        // mean over seeds per grid point, in the order of the trials
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Trial> pointTrial = new LinkedHashMap<>();
        for (Trial t : trials) {
            pointTrial.putIfAbsent(t.point(), t);
            sums.putIfAbsent(t.point(), new double[5]);
        }
        for (Map<String, Object> row : rows) {
            Trial t = byKey.get((String) row.get("key"));
            if (t == null) {
                continue; // a trial of another grid in the same folder
            }
            double[] s = sums.get(t.point());
            s[0] += (double) row.get("acc");
            s[1] += (double) row.get("bwt");
            s[2] += (double) row.get("fwt");
            s[3] += (double) row.get("forgetting");
            s[4] += 1;
        }
        List<List<?>> csv = new ArrayList<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            Trial t = pointTrial.get(e.getKey());
            double c = s[4];
            csv.add(List.of(t.model().name(), t.strategy().name(), Json.line(t.gridValues()), (long) c,
                    c > 0 ? s[0] / c : Double.NaN, c > 0 ? s[1] / c : Double.NaN, c > 0 ? s[2] / c : Double.NaN,
                    c > 0 ? s[3] / c : Double.NaN));
        }
        Csv.write(dir.resolve("sweep.csv"), List.of("model", "strategy", "grid", "seeds", "acc", "bwt", "fwt",
                "forgetting"), csv);
        plot(dir, title, trials, sums, pointTrial, xKey);
        stdout.printf(Locale.ROOT, "%-50s %6s %7s %7s %7s%n", "grid point (mean over seeds)", "ACC", "BWT", "FWT", "forget");
        for (List<?> r : csv) {
            String label = r.get(0) + " " + r.get(1) + " " + r.get(2);
            stdout.printf(Locale.ROOT, "%-50s %6s %7s %7s %7s%n", label, Report.f((double) r.get(4)),
                    Report.f((double) r.get(5)), Report.f((double) r.get(6)), Report.f((double) r.get(7)));
        }
        stdout.flush();
    }

    private static void plot(Path dir, String title, List<Trial> trials, Map<String, double[]> sums,
                             Map<String, Trial> pointTrial, String fixedX) throws IOException {
        if (trials.isEmpty()) {
            return;
        }
        // the x axis: the first grid parameter with more than one numeric value
        String xKey = fixedX;
        for (String k : trials.get(0).gridValues().keySet()) {
            Set<Object> vals = new LinkedHashSet<>();
            boolean numeric = true;
            for (Trial t : trials) {
                Object v = t.gridValues().get(k);
                vals.add(v);
                numeric &= asDouble(v) != null;
            }
            if (xKey == null && vals.size() > 1 && numeric) {
                xKey = k;
                break;
            }
        }
        if (xKey == null) {
            return;
        }
        for (int metric : new int[] {0, 1}) {
            Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                Trial t = pointTrial.get(e.getKey());
                if (e.getValue()[4] == 0) {
                    continue;
                }
                Map<String, Object> rest = new LinkedHashMap<>(t.gridValues());
                double x = asDouble(rest.remove(xKey));
                String name = t.model().name() + " " + t.strategy().name()
                        + (rest.isEmpty() || fixedX != null ? "" : " " + rest);
                series.computeIfAbsent(name, k -> new TreeMap<>()).put(x, e.getValue()[metric] / e.getValue()[4]);
            }
            List<Charts.Series> ss = new ArrayList<>();
            for (Map.Entry<String, TreeMap<Double, Double>> e : series.entrySet()) {
                double[] x = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
                double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
                ss.add(new Charts.Series(e.getKey(), x, y));
            }
            String what = metric == 0 ? "average accuracy (ACC)" : "backward transfer (BWT)";
            String param = xKey.substring(xKey.indexOf('.') + 1);
            Charts.line(title + ": " + what + " against " + param, param, metric == 0 ? "ACC" : "BWT", ss,
                    metric == 0 ? new double[] {0, 1.02} : null).save(dir, metric == 0 ? "sweep-acc" : "sweep-bwt");
        }
    }

    private static Double asDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return v == null ? null : Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
