package dev.engram.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.experiments.io.AtomicFiles;
import dev.engram.experiments.io.Charts;
import dev.engram.experiments.io.Csv;
import dev.engram.experiments.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the records of a sweep folder into its summary: {@code trials.jsonl} or {@code trials.csv} (every record
 * of the sweep, in the order of its trial list), {@code sweep.csv} (the mean of each metric over the seeds of each
 * grid point) and the {@code sweep-acc} / {@code sweep-bwt} plots. It reads only {@code sweep.json} and
 * {@code trials/}, writes every file atomically and can run any number of times, also while slices still add
 * records: {@code engram sweep merge}.
 */
public final class SweepSummary {
    /** The sweep's description, written before its first trial runs. */
    public static final String SWEEP_FILE = "sweep.json";

    /** A trial of the list in {@code sweep.json}: its id and point. */
    record Listed(String id, String point) {
    }

    /**
     * What a merge found.
     *
     * @param rows    one row per record of the sweep (id, model, strategy, grid, seed, acc, bwt, fwt, forgetting)
     * @param planned the trials in the sweep's list
     * @param done    how many of them have a record
     * @param foreign records in the folder that belong to another sweep (left out)
     */
    public record Merged(List<Map<String, Object>> rows, int planned, int done, int foreign) {
        public boolean complete() {
            return done == planned;
        }
    }

    private SweepSummary() {
    }

    /** {@code sweep.json}'s content for a sweep of {@code trials}. */
    static Map<String, Object> describe(String name, String xKey, Sweep.Format format, List<TrialExecutor.Pending> trials,
                                        Map<String, Object> config) {
        Map<String, Object> families = new TreeMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (TrialExecutor.Pending p : trials) {
            families.putIfAbsent(p.key().family(), p.key().familyCanonical());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", p.key().id());
            e.put("point", p.key().point());
            list.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("form", TrialKey.FORM);
        m.put("name", name);
        m.put("identity", identity(families.keySet()));
        m.put("x", xKey);
        m.put("format", format.name().toLowerCase(Locale.ROOT));
        m.put("config", config);
        m.put("families", families);
        m.put("trials", list);
        return m;
    }

    /** The identity of a sweep: the hash of the sorted ids of its families. */
    static String identity(Set<String> families) {
        return TrialKey.hash(new ArrayList<>(new java.util.TreeSet<>(families)));
    }

    /** What differs between two sweeps' descriptions ({@code sweep.json}), or null when they are one sweep. */
    static String difference(JsonNode a, JsonNode b) {
        if (a.path("identity").asText().equals(b.path("identity").asText())) {
            return null;
        }
        Map<String, JsonNode> fa = byParts(a);
        Map<String, JsonNode> fb = byParts(b);
        for (Map.Entry<String, JsonNode> e : fa.entrySet()) {
            JsonNode other = fb.get(e.getKey());
            if (other == null) {
                return e.getKey() + " is only in the first";
            }
            String d = TrialKey.difference(e.getValue(), other);
            if (d != null) {
                return e.getKey() + ": " + d;
            }
        }
        for (String k : fb.keySet()) {
            if (!fa.containsKey(k)) {
                return k + " is only in the second";
            }
        }
        return "their trials differ";
    }

    /** The families of a sweep description by {@code model x strategy}. */
    private static Map<String, JsonNode> byParts(JsonNode sweep) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode f : sweep.path("families")) {
            m.put(f.path("model").path("name").asText() + " x " + f.path("strategy").path("name").asText(), f);
        }
        return m;
    }

    /** Reads {@code dir/sweep.json}. */
    static JsonNode read(Path dir) throws IOException {
        Path f = dir.resolve(SWEEP_FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("'" + dir + "' is not a sweep folder: no " + SWEEP_FILE);
        }
        JsonNode n;
        try {
            n = Json.read(f);
        } catch (IOException e) {
            throw new IllegalArgumentException(f + " is not readable JSON: " + e.getMessage());
        }
        if (n.path("form").asInt(-1) != TrialKey.FORM || !n.path("identity").isTextual()) {
            throw new IllegalArgumentException(f + " was written by an older Engram (no trial identities); its trials "
                    + "cannot be merged: run the sweep again into a new folder");
        }
        return n;
    }

    /**
     * Copies the records of {@code others} (folders of the same sweep: slices run on machines without a shared
     * file system) into {@code into}, then merges {@code into}.
     *
     * @throws IllegalArgumentException naming the difference when a folder holds another sweep
     */
    public static Merged mergeFolders(Path into, List<Path> others, PrintWriter console) throws IOException {
        JsonNode mine = read(into);
        TrialStore target = new TrialStore(into);
        int copied = 0;
        for (Path o : others) {
            JsonNode theirs = read(o);
            String d = difference(mine, theirs);
            if (d != null) {
                throw new IllegalArgumentException("'" + o + "' holds another sweep than '" + into + "': " + d);
            }
            for (TrialRecord r : new TrialStore(o).readAll().values()) {
                if (target.add(r)) {
                    copied++;
                }
            }
        }
        if (!others.isEmpty()) {
            console.printf(Locale.ROOT, "Copied %d record%s from %d folder%s into %s%n", copied, copied == 1 ? "" : "s",
                    others.size(), others.size() == 1 ? "" : "s", target.folder());
        }
        return merge(into, console);
    }

    /** Rebuilds the summary files of the sweep in {@code dir} from its records; prints the table. */
    public static Merged merge(Path dir, PrintWriter console) throws IOException {
        JsonNode sweep = read(dir);
        Set<String> families = new LinkedHashSet<>();
        sweep.path("families").fieldNames().forEachRemaining(families::add);
        List<Listed> listed = new ArrayList<>();
        for (JsonNode t : sweep.path("trials")) {
            listed.add(new Listed(t.path("id").asText(), t.path("point").asText()));
        }
        Map<String, TrialRecord> all = new TrialStore(dir).readAll();
        // the sweep's records: first in the order of its list, then those of earlier runs of the same sweep
        Map<String, TrialRecord> mine = new LinkedHashMap<>();
        for (Listed l : listed) {
            TrialRecord r = all.get(l.id());
            if (r != null) {
                mine.put(l.id(), r);
            }
        }
        int done = mine.size();
        int foreign = 0;
        for (TrialRecord r : all.values()) {
            if (families.contains(r.family())) {
                mine.putIfAbsent(r.id(), r);
            } else {
                foreign++;
            }
        }
        String name = sweep.path("name").asText("sweep");
        String xKey = sweep.path("x").isTextual() ? sweep.path("x").asText() : null;
        Sweep.Format format = Sweep.Format.of(sweep.path("format").asText("jsonl"));
        writeExport(dir, format, mine.values());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrialRecord r : mine.values()) {
            rows.add(row(r));
        }
        summarise(dir, name, new ArrayList<>(mine.values()), console, xKey);
        int planned = listed.size();
        if (foreign > 0) {
            console.printf(Locale.ROOT, "note: %d record%s in %s belong to another sweep and are left out%n", foreign,
                    foreign == 1 ? "" : "s", dir.resolve(TrialStore.FOLDER));
        }
        if (done < planned) {
            console.printf(Locale.ROOT, "Partial: %d of %d trials have a record; merge again when the rest are done%n",
                    done, planned);
        }
        dev.engram.experiments.HtmlReport.forSweep(dir, name, Json.mapper().convertValue(sweep.path("config"),
                Object.class), Json.mapper().convertValue(sweep.path("versions"), Object.class), console);
        console.flush();
        return new Merged(rows, planned, done, foreign);
    }

    private static Map<String, Object> row(TrialRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", r.id());
        row.put("model", r.model());
        row.put("strategy", r.strategy());
        row.put("grid", r.grid());
        row.put("seed", r.seed());
        for (String k : List.of("acc", "bwt", "fwt", "forgetting")) {
            row.put(k, r.metric(k));
        }
        return row;
    }

    static final List<String> CSV_HEADER = List.of("id", "model", "strategy", "grid", "seed", "acc", "bwt", "fwt",
            "forgetting", "learning_accuracy", "seconds", "worker");

    private static void writeExport(Path dir, Sweep.Format format, java.util.Collection<TrialRecord> records)
            throws IOException {
        if (format == Sweep.Format.JSONL) {
            StringBuilder sb = new StringBuilder();
            for (TrialRecord r : records) {
                sb.append(r.text()).append('\n');
            }
            AtomicFiles.writeString(dir.resolve(format.file()), sb.toString());
        } else {
            List<List<?>> rows = new ArrayList<>();
            for (TrialRecord r : records) {
                rows.add(List.of(r.id(), r.model(), r.strategy(), Json.line(r.grid()), r.seed(), r.metric("acc"),
                        r.metric("bwt"), r.metric("fwt"), r.metric("forgetting"), r.metric("learning-accuracy"),
                        r.seconds(), r.worker()));
            }
            Csv.write(dir.resolve(format.file()), CSV_HEADER, rows);
        }
    }

    /** The metrics summarised, as records name them, and their column and table names. */
    static final List<String> METRICS = List.of("acc", "bwt", "fwt", "forgetting", "learning-accuracy");

    private static void summarise(Path dir, String title, List<TrialRecord> records, PrintWriter stdout, String xKey)
            throws IOException {
        // the records of each grid point, in the order of the records
        Map<String, List<TrialRecord>> points = new LinkedHashMap<>();
        for (TrialRecord r : records) {
            points.computeIfAbsent(r.point(), k -> new ArrayList<>()).add(r);
        }
        Map<String, Map<String, dev.engram.experiments.Interval>> stats = new LinkedHashMap<>();
        List<List<?>> csv = new ArrayList<>();
        for (Map.Entry<String, List<TrialRecord>> e : points.entrySet()) {
            Map<String, dev.engram.experiments.Interval> st = new LinkedHashMap<>();
            for (String m : METRICS) {
                st.put(m, dev.engram.experiments.Interval.of(e.getValue().stream().mapToDouble(r -> r.metric(m)).toArray()));
            }
            stats.put(e.getKey(), st);
            TrialRecord t = e.getValue().get(0);
            List<Object> row = new ArrayList<>(List.of(t.model(), t.strategy(), Json.line(t.grid()),
                    (long) e.getValue().size()));
            for (String m : METRICS) {
                row.add(st.get(m).mean());
            }
            for (String m : METRICS) {
                row.add(st.get(m).sd());
                row.add(st.get(m).low());
                row.add(st.get(m).high());
            }
            csv.add(row);
        }
        List<String> header = new ArrayList<>(List.of("model", "strategy", "grid", "seeds"));
        for (String m : METRICS) {
            header.add(column(m));
        }
        for (String m : METRICS) {
            header.add(column(m) + "_sd");
            header.add(column(m) + "_ci95_low");
            header.add(column(m) + "_ci95_high");
        }
        Csv.write(dir.resolve("sweep.csv"), header, csv);
        Map<String, TrialRecord> first = new LinkedHashMap<>();
        points.forEach((k, v) -> first.put(k, v.get(0)));
        plot(dir, title, stats, first, xKey);
        stdout.printf(Locale.ROOT, "%-44s %15s %16s %15s%n", "grid point (mean ± 95% interval over seeds)", "ACC", "BWT",
                "forget");
        for (Map.Entry<String, Map<String, dev.engram.experiments.Interval>> e : stats.entrySet()) {
            TrialRecord t = first.get(e.getKey());
            String label = t.model() + " " + t.strategy() + (t.grid().isEmpty() ? "" : " " + Json.line(t.grid()));
            stdout.printf(Locale.ROOT, "%-44s %15s %16s %15s%n", label, e.getValue().get("acc").text("%.3f"),
                    e.getValue().get("bwt").text("%.3f"), e.getValue().get("forgetting").text("%.3f"));
        }
        stdout.flush();
    }

    /** {@code learning-accuracy} -> {@code learning_accuracy}. */
    static String column(String metric) {
        return metric.replace('-', '_');
    }

    static String f(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    /**
     * ACC and BWT against the x parameter ({@code fixedX}, else the first grid parameter with more than one
     * value), with 95 % error bars: a line per model, strategy and the other grid values for a numeric parameter
     * (a log axis when it spans more than two decades, whole-number labels for an integer one), grouped bars for
     * a categorical one.
     */
    private static void plot(Path dir, String title, Map<String, Map<String, dev.engram.experiments.Interval>> stats,
                             Map<String, TrialRecord> first, String fixedX) throws IOException {
        if (first.isEmpty()) {
            return;
        }
        String xKey = fixedX;
        if (xKey == null) {
            for (String k : first.values().iterator().next().grid().keySet()) {
                Set<String> vals = new LinkedHashSet<>();
                for (TrialRecord t : first.values()) {
                    vals.add(String.valueOf(t.grid().get(k)));
                }
                if (vals.size() > 1) {
                    xKey = k;
                    break;
                }
            }
        }
        if (xKey == null) {
            return;
        }
        boolean numeric = true;
        for (TrialRecord t : first.values()) {
            numeric &= asDouble(t.grid().get(xKey)) != null;
        }
        String param = xKey.substring(xKey.indexOf('.') + 1);
        for (String metric : List.of("acc", "bwt")) {
            String what = metric.equals("acc") ? "average accuracy (ACC)" : "backward transfer (BWT)";
            String yTitle = metric.equals("acc") ? "ACC" : "BWT";
            double[] yRange = metric.equals("acc") ? new double[] {0, 1.02} : null;
            String file = metric.equals("acc") ? "sweep-acc" : "sweep-bwt";
            String chartTitle = title + ": " + what + " against " + param + " (mean, 95% interval)";
            if (numeric) {
                Map<String, TreeMap<Double, double[]>> series = new LinkedHashMap<>();
                List<Double> allX = new ArrayList<>();
                for (Map.Entry<String, Map<String, dev.engram.experiments.Interval>> e : stats.entrySet()) {
                    TrialRecord t = first.get(e.getKey());
                    Map<String, Object> rest = new LinkedHashMap<>(t.grid());
                    double x = asDouble(rest.remove(xKey));
                    allX.add(x);
                    String name = t.model() + " " + t.strategy() + (rest.isEmpty() || fixedX != null ? "" : " " + rest);
                    dev.engram.experiments.Interval in = e.getValue().get(metric);
                    series.computeIfAbsent(name, k -> new TreeMap<>()).put(x, new double[] {in.mean(), in.halfWidth()});
                }
                List<Charts.Series> ss = new ArrayList<>();
                for (Map.Entry<String, TreeMap<Double, double[]>> e : series.entrySet()) {
                    double[] x = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
                    double[] y = e.getValue().values().stream().mapToDouble(v -> v[0]).toArray();
                    double[] err = e.getValue().values().stream().mapToDouble(v -> v[1]).toArray();
                    ss.add(new Charts.Series(e.getKey(), x, y, err));
                }
                Charts.line(chartTitle, param, yTitle, ss, yRange, Charts.XAxis.forValues(allX)).save(dir, file);
            } else {
                List<String> categories = new ArrayList<>();
                Map<String, Map<String, double[]>> byName = new LinkedHashMap<>();
                for (Map.Entry<String, Map<String, dev.engram.experiments.Interval>> e : stats.entrySet()) {
                    TrialRecord t = first.get(e.getKey());
                    Map<String, Object> rest = new LinkedHashMap<>(t.grid());
                    String cat = String.valueOf(rest.remove(xKey));
                    if (!categories.contains(cat)) {
                        categories.add(cat);
                    }
                    String name = t.model() + " " + t.strategy() + (rest.isEmpty() ? "" : " " + rest);
                    dev.engram.experiments.Interval in = e.getValue().get(metric);
                    byName.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(cat,
                            new double[] {in.mean(), in.halfWidth()});
                }
                Map<String, double[]> values = new LinkedHashMap<>();
                Map<String, double[]> errors = new LinkedHashMap<>();
                for (Map.Entry<String, Map<String, double[]>> e : byName.entrySet()) {
                    double[] v = new double[categories.size()];
                    double[] err = new double[categories.size()];
                    for (int i = 0; i < categories.size(); i++) {
                        double[] p = e.getValue().get(categories.get(i));
                        v[i] = p == null ? Double.NaN : p[0];
                        err[i] = p == null ? Double.NaN : p[1];
                    }
                    values.put(e.getKey(), v);
                    errors.put(e.getKey(), err);
                }
                Charts.bars(chartTitle, param, yTitle, categories, values, errors, yRange).save(dir, file);
            }
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
