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

    private static void summarise(Path dir, String title, List<TrialRecord> records, PrintWriter stdout, String xKey)
            throws IOException {
        // mean over seeds per grid point, in the order of the records
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, TrialRecord> first = new LinkedHashMap<>();
        for (TrialRecord r : records) {
            first.putIfAbsent(r.point(), r);
            double[] s = sums.computeIfAbsent(r.point(), k -> new double[5]);
            s[0] += r.metric("acc");
            s[1] += r.metric("bwt");
            s[2] += r.metric("fwt");
            s[3] += r.metric("forgetting");
            s[4] += 1;
        }
        List<List<?>> csv = new ArrayList<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            TrialRecord t = first.get(e.getKey());
            double c = s[4];
            csv.add(List.of(t.model(), t.strategy(), Json.line(t.grid()), (long) c, s[0] / c, s[1] / c, s[2] / c,
                    s[3] / c));
        }
        Csv.write(dir.resolve("sweep.csv"), List.of("model", "strategy", "grid", "seeds", "acc", "bwt", "fwt",
                "forgetting"), csv);
        plot(dir, title, sums, first, xKey);
        stdout.printf(Locale.ROOT, "%-50s %6s %7s %7s %7s%n", "grid point (mean over seeds)", "ACC", "BWT", "FWT", "forget");
        for (List<?> r : csv) {
            String label = r.get(0) + " " + r.get(1) + " " + r.get(2);
            stdout.printf(Locale.ROOT, "%-50s %6s %7s %7s %7s%n", label, f((double) r.get(4)), f((double) r.get(5)),
                    f((double) r.get(6)), f((double) r.get(7)));
        }
        stdout.flush();
    }

    static String f(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static void plot(Path dir, String title, Map<String, double[]> sums, Map<String, TrialRecord> first,
                             String fixedX) throws IOException {
        if (first.isEmpty()) {
            return;
        }
        // the x axis: the first grid parameter with more than one numeric value
        String xKey = fixedX;
        if (xKey == null) {
            for (String k : first.values().iterator().next().grid().keySet()) {
                Set<Object> vals = new LinkedHashSet<>();
                boolean numeric = true;
                for (TrialRecord t : first.values()) {
                    Object v = t.grid().get(k);
                    vals.add(v);
                    numeric &= asDouble(v) != null;
                }
                if (vals.size() > 1 && numeric) {
                    xKey = k;
                    break;
                }
            }
        }
        if (xKey == null) {
            return;
        }
        for (int metric : new int[] {0, 1}) {
            Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                TrialRecord t = first.get(e.getKey());
                Map<String, Object> rest = new LinkedHashMap<>(t.grid());
                Double x = asDouble(rest.remove(xKey));
                if (x == null) {
                    continue;
                }
                String name = t.model() + " " + t.strategy() + (rest.isEmpty() || fixedX != null ? "" : " " + rest);
                series.computeIfAbsent(name, k -> new TreeMap<>()).put(x, e.getValue()[metric] / e.getValue()[4]);
            }
            List<Charts.Series> ss = new ArrayList<>();
            for (Map.Entry<String, TreeMap<Double, Double>> e : series.entrySet()) {
                double[] x = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
                double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
                ss.add(new Charts.Series(e.getKey(), x, y));
            }
            if (ss.isEmpty()) {
                return;
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
