package dev.engram.experiments.kv;

import dev.engram.api.spi.Registry;
import dev.engram.experiments.io.AtomicFiles;
import dev.engram.experiments.io.Charts;
import dev.engram.experiments.io.Csv;
import dev.engram.experiments.io.Json;
import dev.engram.experiments.io.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments of Tyulmankov et al. 2021 as runs that write their results ({@code NAME.json},
 * {@code NAME.csv}) and a plot ({@code NAME.png}, {@code NAME.svg}) into an output folder. Models come from the
 * registry; the {@code hopfield} baseline is left out (with a note) when no such model is installed.
 */
public final class KvStudies {

    /** One measured point: a model, the x value (T, R, N, length), mean and standard deviation over repeats. */
    public record Point(String model, double x, double mean, double sd, int repeats, double low, double high) {
        /** Half the width of the 95 % interval (NaN with one repeat). */
        public double halfWidth() {
            return (high - low) / 2;
        }
    }

    /**
     * What a run wrote and its points; {@code table} is the summary as text lines for the console (e.g. the capacity
     * fits: slope, intercept, R²), empty when there is none.
     */
    public record Outcome(String experiment, List<Point> points, Map<String, Object> summary, List<Path> files,
                          List<String> table) {
        public Outcome {
            table = List.copyOf(table);
        }
    }

    private final KvExperiments experiments;
    private final Path out;
    private final List<String> notes = new ArrayList<>();

    public KvStudies(Registry registry, Path out) {
        this.experiments = new KvExperiments(registry);
        this.out = AtomicFiles.requireWritableFolder(out);
    }

    public KvExperiments experiments() {
        return experiments;
    }

    /** Notes collected while running (e.g. a baseline left out). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private List<ModelSpec> available(List<ModelSpec> specs) {
        List<ModelSpec> ok = new ArrayList<>();
        List<String> names = experiments.registry().models().stream().map(p -> p.name()).toList();
        for (ModelSpec s : specs) {
            if (names.contains(s.model())) {
                ok.add(s);
            } else {
                notes.add("model '" + s.model() + "' is not installed; '" + s.label() + "' left out");
            }
        }
        return ok;
    }

    interface Measure {
        double at(ModelSpec spec, int x, long seed);
    }

    private List<Point> sweep(String task, List<ModelSpec> specs, int[] xs, int repeats, long seed, Measure m) {
        List<Point> points = new ArrayList<>();
        try (Progress bar = Progress.start(task, (long) specs.size() * xs.length * repeats)) {
            for (int si = 0; si < specs.size(); si++) {
                ModelSpec s = specs.get(si);
                for (int x : xs) {
                    List<Double> vals = new ArrayList<>();
                    for (int r = 0; r < repeats; r++) {
                        vals.add(m.at(s, x, KvTasks.seed(seed, x, r)));
                        bar.step();
                    }
                    KvExperiments.Stat st = KvExperiments.Stat.of(vals);
                    points.add(new Point(s.label(), x, st.mean(), st.sd(), repeats, st.low(), st.high()));
                }
            }
        }
        return points;
    }

    private Outcome write(String name, Map<String, Object> settings, List<Point> points, Map<String, Object> summary,
                          String title, String xTitle, String yTitle, double[] yRange) throws IOException {
        return write(name, settings, points, summary, title, xTitle, yTitle, yRange, List.of(), List.of(),
                Charts.XAxis.LINEAR);
    }

    private Outcome write(String name, Map<String, Object> settings, List<Point> points, Map<String, Object> summary,
                          String title, String xTitle, String yTitle, double[] yRange, List<Charts.Series> extra,
                          List<String> table, Charts.XAxis xAxis) throws IOException {
        return write(name, settings, points, summary, title, xTitle, yTitle, yRange, extra, table, xAxis, m -> true);
    }

    /** {@code plotted}: the models whose points the plot draws (all are in the JSON and CSV). */
    private Outcome write(String name, Map<String, Object> settings, List<Point> points, Map<String, Object> summary,
                          String title, String xTitle, String yTitle, double[] yRange, List<Charts.Series> extra,
                          List<String> table, Charts.XAxis xAxis, java.util.function.Predicate<String> plotted)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", name);
        json.put("paper", "Tyulmankov et al. 2021, Biological learning in key-value memory networks");
        json.put("settings", settings);
        if (!summary.isEmpty()) {
            json.put("summary", summary);
        }
        if (!notes.isEmpty()) {
            json.put("notes", notes);
        }
        json.put("points", points);
        List<Path> files = new ArrayList<>();
        Path j = out.resolve(name + ".json");
        Json.write(j, json);
        files.add(j);
        List<List<?>> rows = new ArrayList<>();
        for (Point p : points) {
            rows.add(List.of(p.model(), p.x(), p.mean(), p.sd(), p.repeats(), p.low(), p.high()));
        }
        Path c = out.resolve(name + ".csv");
        Csv.write(c, List.of("model", xTitle.split(" ")[0].toLowerCase(java.util.Locale.ROOT), "mean", "sd", "repeats",
                "ci95_low", "ci95_high"), rows);
        files.add(c);
        Map<String, List<Point>> byModel = new LinkedHashMap<>();
        for (Point p : points) {
            if (plotted.test(p.model())) {
                byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Charts.Series> series = new ArrayList<>();
        byModel.forEach((model, ps) -> series.add(new Charts.Series(model,
                ps.stream().mapToDouble(Point::x).toArray(), ps.stream().mapToDouble(Point::mean).toArray(),
                ps.stream().mapToDouble(Point::halfWidth).toArray())));
        series.addAll(extra);
        files.addAll(Charts.line(title, xTitle, yTitle, series, yRange, xAxis).save(out, name));
        return new Outcome(name, points, summary, files, table);
    }

    private static Map<String, Object> settings(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> labels(List<ModelSpec> specs) {
        return specs.stream().map(s -> s.label() + " " + s.model() + " " + s.params()).toList();
    }

    /** The name of the capacity preset. */
    public static final String CAPACITY_PRESET = "tyulmankov-capacity";

    /**
     * The preset {@value #CAPACITY_PRESET}: the capacity experiment with the paper's settings (N in {20, 40, 80,
     * 160}, theta = 0.98, 50 repeats per N), written into {@code out}. This is the runner to register under that
     * name in the experiment presets.
     */
    public static Outcome tyulmankovCapacity(Registry registry, Path out, long seed) throws IOException {
        return new KvStudies(registry, out).capacity(new int[] {20, 40, 80, 160}, 0.1, KvExperiments.Search.AUTHORS, 50,
                0.98, seed);
    }

    /** The {@value #CAPACITY_PRESET} preset's runner: seed 1 unless the user gives one; prints the table. */
    public static void runCapacityPreset(dev.engram.experiments.preset.PresetContext ctx) throws IOException {
        KvStudies s = new KvStudies(ctx.registry(), ctx.out());
        Outcome o = s.capacity(new int[] {20, 40, 80, 160}, 0.1, KvExperiments.Search.AUTHORS, 50, 0.98, ctx.seedOr(1));
        java.io.PrintWriter w = ctx.stdout();
        for (Point p : o.points()) {
            w.printf(java.util.Locale.ROOT, "%-16s N=%-4d capacity %.2f (sd %.2f, %d runs)%n", p.model(), (int) p.x(),
                    p.mean(), p.sd(), p.repeats());
        }
        o.table().forEach(w::println);
        s.notes().forEach(n -> w.println("note: " + n));
        w.println("wrote " + o.files());
        w.flush();
    }

    /** Autoassociative benchmark: accuracy of 60%-masked queries against the number of stored items T. */
    public Outcome benchmark(int n, int[] ts, int repeats, long seed) throws IOException {
        return benchmark(n, ts, 0, repeats, seed);
    }

    /** The benchmark with random-slot probability {@code p} (0 = 4/N). */
    public Outcome benchmark(int n, int[] ts, double p, int repeats, long seed) throws IOException {
        List<ModelSpec> specs = available(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom("kv-random", p),
                ModelSpec.hopfield(1.0)));
        List<Point> pts = sweep("benchmark", specs, ts, repeats, seed, (s, t, sd) -> experiments.benchmark(s, n, t, sd));
        return write("benchmark", settings("N", n, "d", n, "T", ts, "p", pText(p, n), "repeats", repeats, "seed", seed, "mask", KvTasks.MASK,
                "models", labels(specs)), pts, Map.of(), "Autoassociative recall, d = N = " + n,
                "T (stored items)", "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

    /** The models of the capacity experiment: kv sequential, kv random p = 0.1, Hebbian Hopfield. */
    public static List<ModelSpec> capacityModels() {
        return capacityModels(0.1);
    }

    /** The models of the capacity experiment with random-slot probability {@code p} (0 = 4/N). */
    public static List<ModelSpec> capacityModels(double p) {
        return List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom(p == 0 ? "kv-random" : "kv-random p=" + p, p),
                ModelSpec.hopfield(1.0));
    }

    /** Capacity with the paper's settings: random slots p = 0.1, the authors' search. */
    public Outcome capacity(int[] ns, int repeats, double theta, long seed) throws IOException {
        return capacity(ns, 0.1, KvExperiments.Search.AUTHORS, repeats, theta, seed);
    }

    /**
     * Capacity at accuracy {@code theta} for each N, with a least-squares line per model (slope, intercept, R²)
     * and the slope of a line through the origin. The plot draws the means, each model's fitted line and the band
     * fit ± SD (the repeats' standard deviation at each N); the console gets the fits as a table.
     */
    public Outcome capacity(int[] ns, double p, KvExperiments.Search search, int repeats, double theta, long seed)
            throws IOException {
        List<ModelSpec> specs = available(capacityModels(p));
        List<Point> pts = sweep("capacity", specs, ns, repeats, seed,
                (s, n, sd) -> experiments.capacity(s, n, theta, sd, search));
        Map<String, Object> summary = new LinkedHashMap<>();
        List<Charts.Series> extra = new ArrayList<>();
        List<String> table = new ArrayList<>();
        fits(specs.stream().map(ModelSpec::label).toList(), pts, summary, extra, table);
        return write("capacity", settings("N", ns, "repeats", repeats, "theta", theta, "p", p, "seed", seed,
                "search", search == KvExperiments.Search.AUTHORS
                        ? "authors (get_capacity: lo=1, hi=2; pass: lo=hi, hi*=2; fail: hi=(lo+hi)/2; mean of "
                                + KvExperiments.AUTHORS_EPISODES + " episodes per T, fresh items)"
                        : "strict (doubling from T=1 until the first failure, then bisection; one episode per T)",
                "models", labels(specs)), pts, summary,
                "Capacity at accuracy " + theta + " (" + search.cli() + " search)", "N (slots = dimension)",
                "capacity (items)", null, extra, table, Charts.XAxis.LINEAR);
    }

    /**
     * Least-squares lines of capacity against N, one per label: into {@code summary} (slope, intercept, R², slope
     * through the origin), {@code table} (console lines, with a header) and {@code extra} (each fitted line and the
     * band fit ± SD, the repeats' standard deviation at each N).
     */
    private static void fits(List<String> labels, List<Point> pts, Map<String, Object> summary,
                             List<Charts.Series> extra, List<String> table) {
        table.add(String.format(java.util.Locale.ROOT, "%-24s %8s %11s %7s %17s", "fit (capacity = a N + b)", "slope a",
                "intercept b", "R^2", "slope via origin"));
        for (String label : labels) {
            List<Integer> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> sds = new ArrayList<>();
            for (Point pt : pts) {
                if (pt.model().equals(label)) {
                    xs.add((int) pt.x());
                    ys.add(pt.mean());
                    sds.add(pt.sd());
                }
            }
            KvExperiments.Fit fit = KvExperiments.Fit.of(xs, ys);
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < xs.size(); i++) {
                sxy += xs.get(i) * ys.get(i);
                sxx += (double) xs.get(i) * xs.get(i);
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("slope", round(fit.slope(), 4));
            f.put("intercept", round(fit.intercept(), 3));
            f.put("r2", round(fit.r2(), 4));
            f.put("slopeThroughOrigin", round(sxy / sxx, 4));
            summary.put(label, f);
            table.add(String.format(java.util.Locale.ROOT, "%-24s %8.3f %11.2f %7.4f %17.3f", label, fit.slope(),
                    fit.intercept(), fit.r2(), sxy / sxx));
            double[] x = xs.stream().mapToDouble(Integer::doubleValue).toArray();
            double[] line = new double[x.length];
            double[] up = new double[x.length];
            double[] down = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                line[i] = fit.slope() * x[i] + fit.intercept();
                up[i] = line[i] + sds.get(i);
                down[i] = line[i] - sds.get(i);
            }
            extra.add(new Charts.Series(String.format(java.util.Locale.ROOT, "%s fit %.3f N %+.2f", label,
                    fit.slope(), fit.intercept()), x, line));
            extra.add(new Charts.Series(label + " fit + SD", x, up));
            extra.add(new Charts.Series(label + " fit - SD", x, down));
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String pText(double p, int n) {
        return p == 0 ? "4/N = " + Math.min(1.0, 4.0 / n) : Double.toString(p);
    }

    /** Continual recall as the authors define it: accuracy against the delay R. */
    public Outcome continual(int n, int[] rs, int minSteps, int repeats, long seed) throws IOException {
        return continual(n, rs, minSteps, 0, KvExperiments.Store.QUERIED, null, repeats, seed);
    }

    private static List<ModelSpec> plus(List<ModelSpec> specs, RuleFile.Rule rule, Map<String, String> more) {
        if (rule == null) {
            return specs;
        }
        List<ModelSpec> all = new ArrayList<>(specs);
        all.add(rule.spec("trained").with("trained", more));
        return all;
    }

    /**
     * Continual recall: accuracy against the delay R. {@link KvExperiments.Store#QUERIED} (the authors'): store
     * signal only for items queried later, 1.5 x max(minSteps, 20 R) steps, the Hopfield baseline decaying on every
     * step; {@link KvExperiments.Store#ALL}: every new item stored, max(minSteps, 20 R) steps, the registry's
     * Hopfield decaying on stores.
     */
    public Outcome continual(int n, int[] rs, int minSteps, double p, KvExperiments.Store store, RuleFile.Rule rule,
                             int repeats, long seed) throws IOException {
        ModelSpec hop = store == KvExperiments.Store.QUERIED ? ModelSpec.hopfieldEveryStep(0.95, 100)
                : ModelSpec.hopfield(0.95);
        List<ModelSpec> specs = available(plus(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom("kv-random", p), hop),
                rule, Map.of()));
        List<Point> pts = sweep("continual", specs, rs, repeats, seed,
                (s, r, sd) -> experiments.continual(s, n, r, minSteps, sd, store));
        return write("continual", settings("N", n, "R", rs, "store", store.cli(), "steps",
                store == KvExperiments.Store.QUERIED ? "1.5 x max(" + minSteps + ", 20 R)" : "max(" + minSteps + ", 20 R)",
                "p", pText(p, n), "repeats", repeats, "seed", seed, "models", labels(specs)), pts, Map.of(),
                "Continual recall, N = " + n + " (store " + store.cli() + ")",
                "R (delay, steps)", "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

    /** Correlated items: accuracy against T for each correlation rho. */
    public Outcome correlated(int n, double[] rhos, int[] ts, int repeats, long seed) throws IOException {
        return correlated(n, rhos, ts, 0, repeats, seed);
    }

    /** Correlated items with random-slot probability {@code p} (0 = 4/N). */
    public Outcome correlated(int n, double[] rhos, int[] ts, double p, int repeats, long seed) throws IOException {
        List<ModelSpec> base = available(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom("kv-random", p),
                ModelSpec.hopfield(1.0)));
        List<Point> pts = new ArrayList<>();
        for (double rho : rhos) {
            List<ModelSpec> specs = base.stream().map(s -> s.with(s.label() + " rho=" + rho, Map.of())).toList();
            pts.addAll(sweep("correlated rho=" + rho, specs, ts, repeats, KvTasks.seed(seed, Double.doubleToLongBits(rho)),
                    (s, t, sd) -> experiments.correlated(s, n, rho, t, sd)));
        }
        return write("correlated", settings("N", n, "rho", rhos, "T", ts, "p", pText(p, n), "repeats", repeats, "seed", seed,
                "models", labels(base)), pts, Map.of(), "Correlated items, d = N = " + n, "T (stored items)",
                "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

    /** Heteroassociative recall: key dimension d = N, value dimension m. */
    public Outcome hetero(int n, int m, int[] ts, int repeats, long seed) throws IOException {
        return hetero(n, m, ts, 0, null, repeats, seed);
    }

    /** Heteroassociative recall with random-slot probability {@code p} (0 = 4/N). */
    public Outcome hetero(int n, int m, int[] ts, double p, RuleFile.Rule rule, int repeats, long seed)
            throws IOException {
        Map<String, String> vd = Map.of("value-dim", Integer.toString(m));
        List<ModelSpec> specs = available(plus(List.of(ModelSpec.kvSequential().with("kv-sequential", vd),
                ModelSpec.kvRandom("kv-random", p).with("kv-random", vd), ModelSpec.bam(m)), rule, vd));
        List<Point> pts = sweep("hetero", specs, ts, repeats, seed, (s, t, sd) -> experiments.hetero(s, n, m, n, t, sd));
        return write("hetero", settings("N", n, "d", n, "m", m, "T", ts, "p", pText(p, n), "repeats", repeats, "seed", seed,
                "models", labels(specs)), pts, Map.of(), "Heteroassociative recall, d = N = " + n + ", m = " + m,
                "T (stored pairs)", "accuracy (fraction of correct value bits)", new double[] {0.4, 1.0});
    }

    /** Sequence recall: accuracy of the chained recall against the sequence length. */
    public Outcome sequence(int n, int[] lengths, int repeats, long seed) throws IOException {
        return sequence(n, lengths, 0, null, repeats, seed);
    }

    /** Sequence recall with random-slot probability {@code p} (0 = 4/N). */
    public Outcome sequence(int n, int[] lengths, double p, RuleFile.Rule rule, int repeats, long seed)
            throws IOException {
        List<ModelSpec> specs = available(plus(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom("kv-random", p),
                ModelSpec.bam(0)), rule, Map.of()));
        List<Point> pts = sweep("sequence", specs, lengths, repeats, seed,
                (s, len, sd) -> experiments.sequence(s, n, n, len, sd));
        return write("sequence", settings("N", n, "d", n, "length", lengths, "p", pText(p, n), "repeats", repeats, "seed", seed,
                "models", labels(specs)), pts, Map.of(), "Sequence recall, d = N = " + n, "length (items)",
                "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

    /** Where flashbulb stability lives: the authors' per-synapse tensors, today's per-slot flag, or both. */
    public enum Stability {
        SYNAPSE, SLOT, BOTH;

        /** The name on the command line. */
        public String cli() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The salient strength of the kv networks in the authors' flashbulb figure ({@code default_ec_strength}). */
    public static final float FLASHBULB_STRENGTH = 15f;

    /** The Hopfield baseline's salient strengths in the authors' flashbulb figure. */
    public static final double[] HOPFIELD_STRENGTHS = {10, 50, 1e3, 1e6};

    /** The authors' delays of the flashbulb figure: {@code np.unique(np.logspace(0, log10(180), 30, dtype=int))}. */
    public static int[] flashbulbDelays() {
        java.util.TreeSet<Integer> rs = new java.util.TreeSet<>();
        for (int i = 0; i < 30; i++) {
            rs.add((int) Math.pow(10, i * Math.log10(180) / 29));
        }
        return rs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The models of the flashbulb experiment and their salient strengths. */
    static List<Map.Entry<ModelSpec, Float>> flashbulbModels(double p, Stability stability, double seqThreshold,
                                                             double randThreshold, RuleFile.Rule rule) {
        List<Map.Entry<ModelSpec, Float>> out = new ArrayList<>();
        if (stability != Stability.SLOT) {
            out.add(Map.entry(ModelSpec.kvSynapseStable("kv-sequential synapse", false, 0, seqThreshold),
                    FLASHBULB_STRENGTH));
            out.add(Map.entry(ModelSpec.kvSynapseStable("kv-random synapse", true, p, randThreshold), FLASHBULB_STRENGTH));
            if (rule != null) {
                out.add(Map.entry(ModelSpec.kvSynapseStableRule("trained synapse", rule.scalars(), seqThreshold),
                        FLASHBULB_STRENGTH));
            }
        } else if (rule != null) {
            throw new IllegalArgumentException("a trained rule has no per-slot stability (its value rate has no slot"
                    + " factor); accepted with --rule: --stability synapse or both");
        }
        if (stability != Stability.SYNAPSE) {
            Map<String, String> fb = Map.of("flashbulb", "true");
            out.add(Map.entry(ModelSpec.kvSequential().with("kv-sequential slot", fb), FLASHBULB_STRENGTH));
            out.add(Map.entry(ModelSpec.kvRandom("kv-random slot", p).with("kv-random slot", fb), FLASHBULB_STRENGTH));
        }
        for (double st : HOPFIELD_STRENGTHS) {
            ModelSpec h = ModelSpec.hopfieldEveryStep(0.95, 3).with("hopfield s=" + fmtStrength(st),
                    Map.of("rate", Double.toString(0.5 / 40)));
            out.add(Map.entry(h, (float) st));
        }
        return out;
    }

    private static String fmtStrength(double s) {
        return s >= 1000 ? String.format(java.util.Locale.ROOT, "%.0e", s) : Long.toString((long) s);
    }

    /**
     * Flashbulb memory (the paper's Fig. 4b; bio-kvm's {@code get_flashbulb_performance}): the authors' continual
     * recall ({@code storeSteps} store steps + half as many recall steps) in which a fraction {@code salientFraction}
     * of the queried items is salient: stored with q = 15 (kv) or q in {10, 50, 1e3, 1e6} (the Hopfield baseline,
     * decay 0.95 every step, rate 0.5/40, 3 recall steps). kv with stability per synapse (the authors' threshold
     * {@code seqThreshold}, {@code randThreshold} for random slots) and/or with today's per-slot flag
     * ({@code flashbulb=true}, threshold 2). Accuracy of salient and of ordinary items against the delay R.
     */
    public Outcome flashbulb(int n, int[] rs, int storeSteps, double salientFraction, double p, Stability stability,
                             double seqThreshold, double randThreshold, int repeats, long seed) throws IOException {
        return flashbulb(n, rs, storeSteps, salientFraction, p, stability, seqThreshold, randThreshold, null, repeats,
                seed);
    }

    /**
     * {@link #flashbulb} with a "trained synapse" line when {@code rule} is given: the trained general rule under the
     * authors' per-synapse stability (threshold {@code seqThreshold}, sequential slots, salient q = 15).
     */
    public Outcome flashbulb(int n, int[] rs, int storeSteps, double salientFraction, double p, Stability stability,
                             double seqThreshold, double randThreshold, RuleFile.Rule rule, int repeats, long seed)
            throws IOException {
        int steps = (int) KvExperiments.continualSteps(KvExperiments.Store.QUERIED, storeSteps, 0);
        for (int r : rs) {
            if (r < 1 || r >= steps) {
                throw new IllegalArgumentException("delay " + r + " does not fit in a run of " + steps + " steps ("
                        + storeSteps + " store steps + " + (steps - storeSteps) + " recall steps); accepted: 1 to "
                        + (steps - 1));
            }
        }
        List<Map.Entry<ModelSpec, Float>> models = flashbulbModels(p, stability, seqThreshold, randThreshold, rule);
        List<ModelSpec> specs = available(models.stream().map(Map.Entry::getKey).toList());
        List<Point> pts = new ArrayList<>();
        try (Progress bar = Progress.start("flashbulb", (long) specs.size() * rs.length * repeats)) {
            for (Map.Entry<ModelSpec, Float> e : models) {
                ModelSpec s = e.getKey();
                if (!specs.contains(s)) {
                    continue;
                }
                List<Point> sal = new ArrayList<>();
                List<Point> ord = new ArrayList<>();
                for (int r : rs) {
                    List<Double> a = new ArrayList<>();
                    List<Double> b = new ArrayList<>();
                    for (int k = 0; k < repeats; k++) {
                        KvExperiments.Episode ep = experiments.interleaved(s, n, r, steps, salientFraction, e.getValue(),
                                KvTasks.seed(seed, r, k));
                        if (!Double.isNaN(ep.salient())) {
                            a.add(ep.salient());
                        }
                        if (!Double.isNaN(ep.ordinary())) {
                            b.add(ep.ordinary());
                        }
                        bar.step();
                    }
                    sal.add(point(s.label() + " salient", r, a));
                    ord.add(point(s.label() + " ordinary", r, b));
                }
                pts.addAll(sal);
                pts.addAll(ord);
            }
        }
        List<String> table = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format(java.util.Locale.ROOT, "%-32s", "accuracy at R ="));
        for (int r : rs) {
            head.append(String.format(java.util.Locale.ROOT, " %5d", r));
        }
        table.add(head.toString());
        Map<String, List<Point>> byModel = new LinkedHashMap<>();
        for (Point pt : pts) {
            byModel.computeIfAbsent(pt.model(), k -> new ArrayList<>()).add(pt);
        }
        byModel.forEach((model, ps) -> {
            StringBuilder row = new StringBuilder(String.format(java.util.Locale.ROOT, "%-32s", model));
            for (Point pt : ps) {
                row.append(String.format(java.util.Locale.ROOT, " %5.3f", pt.mean()));
            }
            table.add(row.toString());
        });
        return write("flashbulb", settings("N", n, "R", rs, "steps", steps + " (" + storeSteps + " store + "
                        + (steps - storeSteps) + " recall)", "salientFraction", salientFraction, "kvStrength",
                FLASHBULB_STRENGTH, "hopfieldStrengths", HOPFIELD_STRENGTHS, "p", pText(p, n), "stability", stability.cli(),
                "thresholds", Map.of("synapse-sequential", seqThreshold, "synapse-random", randThreshold, "slot", 2.0),
                "repeats", repeats, "seed", seed, "models", labels(specs)), pts, Map.of(),
                "Flashbulb memory, N = " + n + " (salient fraction " + salientFraction + ")", "R (delay, steps)",
                "accuracy (fraction of correct bits)", new double[] {0.4, 1.02}, List.of(), table, Charts.XAxis.LOG);
    }

    private static Point point(String model, double x, List<Double> vals) {
        if (vals.isEmpty()) {
            return new Point(model, x, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);
        }
        KvExperiments.Stat st = KvExperiments.Stat.of(vals);
        return new Point(model, x, st.mean(), st.sd(), vals.size(), st.low(), st.high());
    }

    /** The name of the optimised-capacity run's files ({@code optimised-capacity.json}, ...). */
    public static final String OPTIMISED_CAPACITY = "optimised-capacity";

    /**
     * Optimised capacity (the paper's Fig. 3b, {@link OptimisedCapacity}): capacity against N of random-slot networks
     * with p = k/N whose general rule was meta-learned for each (k, N), beside the simple rule on the same slots and
     * kv-sequential; fits as in {@link #capacity}, the learned rules in the JSON and a table of their training.
     */
    public Outcome optimisedCapacity(OptimisedCapacity.Config c) throws IOException {
        OptimisedCapacity.Result res;
        try (Progress bar = Progress.start(OPTIMISED_CAPACITY, c.progressSteps())) {
            res = new OptimisedCapacity(experiments).run(c, bar);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        List<String> table = new ArrayList<>();
        table.add("meta-learning (MSE on the training episodes; accuracy at T = N on fresh items):");
        table.add(String.format(java.util.Locale.ROOT, "%-4s %-5s %-7s %10s %10s %11s %6s %9s %9s", "k", "N", "p",
                "MSE start", "learned", "simple rule", "evals", "acc train", "simple"));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (OptimisedCapacity.LearnedRule r : res.rules()) {
            table.add(String.format(java.util.Locale.ROOT, "%-4d %-5d %-7.4f %10.4f %10.4f %11.4f %6d %9.4f %9.4f", r.k(),
                    r.n(), r.writeProb(), r.startLoss(), r.learnedLoss(), r.simpleLoss(), r.evaluations(),
                    r.learnedAccuracy(), r.simpleAccuracy()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", r.k());
            m.put("N", r.n());
            m.put("writeProb", r.writeProb());
            m.put("startLoss", r.startLoss());
            m.put("simpleRuleLoss", r.simpleLoss());
            m.put("learnedLoss", r.learnedLoss());
            m.put("evaluations", r.evaluations());
            m.put("accuracyAtTEqualsN", Map.of("trained", r.learnedAccuracy(), "simple", r.simpleAccuracy()));
            m.put("scalars", r.scalars());
            m.put("millis", r.millis());
            rules.add(m);
        }
        summary.put("rules", rules);
        Map<String, Object> fitSummary = new LinkedHashMap<>();
        // the fits go to the table and the JSON; the plot draws the means with their 95 % intervals only (with
        // the fit lines and bands it had 44 lines), and leaves out kv-sequential (capacity ≈ N), whose scale
        // would flatten the random-slot lines
        fits(res.labels(), res.points(), fitSummary, new ArrayList<>(), table);
        summary.put("fits", fitSummary);
        return write(OPTIMISED_CAPACITY, settings("N", c.sizes(), "k", c.ks(), "p", "k/N", "theta", c.theta(),
                        "repeats", c.repeats(), "seed", c.seed(), "search", "authors (get_capacity)",
                        "metalearning", Map.of("optimiser", "CMA-ES (Apache Commons Math 3), 11 general-rule scalars, "
                                + "global third factor fixed (a = 1, b = 0)", "task", "recall, d = N, T ~ U[N/2, 2N], 60% "
                                + "masked queries, MSE", "episodes", c.episodes(), "evaluations", c.evaluations()
                                + " per (k, N)", "start", c.start() == OptimisedCapacity.Start.SIMPLE
                                ? "the general rule nearest the simple rule (MetaLearning.SIMPLE_EQUIVALENT)"
                                : "the paper's initialisation", "population", c.population())),
                res.points(), summary, "Capacity at accuracy " + c.theta() + ", random slots p = k/N (kv-sequential: table)",
                "N (slots = dimension)", "capacity (items)", null, List.of(), table, Charts.XAxis.LINEAR,
                m -> !m.equals("kv-sequential"));
    }

    /** The file {@code metalearn} writes the learned rule to, in the output folder ({@link RuleFile}). */
    public static final String RULE_FILE = "metalearn.rule";

    /** Meta-learning of the general rule with CMA-ES; writes the learned scalars and the loss curve. */
    public MetaLearning.Result metalearn(MetaLearning.Config config) throws IOException {
        MetaLearning ml = new MetaLearning(experiments);
        MetaLearning.Result res;
        try (Progress bar = Progress.start("metalearn", config.evaluations())) {
            res = ml.run(config, l -> bar.step());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", "metalearn");
        json.put("settings", config);
        json.put("optimiser", "CMA-ES (Apache Commons Math 3 CMAESOptimizer, MersenneTwister seeded), active CMA, bounds"
                + " rates/decay [0,1] (value-rate [0,2]), affine [-2,2]");
        json.put("initial", res.initial());
        json.put("learned", res.learned());
        json.put("initialLoss", res.initialLoss());
        json.put("learnedLoss", res.learnedLoss());
        json.put("evaluations", res.evaluationsUsed());
        json.put("stageLosses", res.stageLosses());
        json.put("findings", res.findings());
        json.put("initialFindings", res.initialFindings());
        json.put("accuracyAtTEqualsN", Map.of("metalearned", res.learnedAccuracy(), "kv-sequential",
                res.sequentialAccuracy(), "general-rule-initial", res.initialAccuracy()));
        json.put("learnedParams", MetaLearning.spec("kv-metalearned", res.learned()).params());
        json.put("millis", res.millis());
        json.put("ruleFile", RULE_FILE);
        Json.write(out.resolve("metalearn.json"), json);
        RuleFile.save(out.resolve(RULE_FILE), new RuleFile.Rule(config.n(), res.learned()));
        double[] curve = res.lossCurve();
        List<List<?>> rows = new ArrayList<>();
        double[] x = new double[curve.length];
        for (int i = 0; i < curve.length; i++) {
            rows.add(List.of(i + 1, curve[i]));
            x[i] = i + 1;
        }
        Csv.write(out.resolve("metalearn.csv"), List.of("evaluation", "best_loss"), rows);
        Charts.line("Meta-learning the kv general rule (N = " + config.n() + ")", "evaluation", "best loss (MSE)",
                List.of(new Charts.Series("best loss", x, curve)), null).save(out, "metalearn");
        return res;
    }
}
