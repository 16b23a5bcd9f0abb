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

    /** What a run wrote and its points. */
    public record Outcome(String experiment, List<Point> points, Map<String, Object> summary, List<Path> files) {
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
            byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p);
        }
        List<Charts.Series> series = new ArrayList<>();
        byModel.forEach((model, ps) -> series.add(new Charts.Series(model,
                ps.stream().mapToDouble(Point::x).toArray(), ps.stream().mapToDouble(Point::mean).toArray(),
                ps.stream().mapToDouble(Point::halfWidth).toArray())));
        files.addAll(Charts.line(title, xTitle, yTitle, series, yRange).save(out, name));
        return new Outcome(name, points, summary, files);
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
        return new KvStudies(registry, out).capacity(new int[] {20, 40, 80, 160}, 50, 0.98, seed);
    }

    /** The {@value #CAPACITY_PRESET} preset's runner: seed 1 unless the user gives one; prints the table. */
    public static void runCapacityPreset(dev.engram.experiments.preset.PresetContext ctx) throws IOException {
        KvStudies s = new KvStudies(ctx.registry(), ctx.out());
        Outcome o = s.capacity(new int[] {20, 40, 80, 160}, 50, 0.98, ctx.seedOr(1));
        java.io.PrintWriter w = ctx.stdout();
        for (Point p : o.points()) {
            w.printf(java.util.Locale.ROOT, "%-16s N=%-4d capacity %.2f (sd %.2f, %d runs)%n", p.model(), (int) p.x(),
                    p.mean(), p.sd(), p.repeats());
        }
        o.summary().forEach((k, v) -> w.println(k + ": " + v));
        s.notes().forEach(n -> w.println("note: " + n));
        w.println("wrote " + o.files());
        w.flush();
    }

    /** Autoassociative benchmark: accuracy of 60%-masked queries against the number of stored items T. */
    public Outcome benchmark(int n, int[] ts, int repeats, long seed) throws IOException {
        List<ModelSpec> specs = available(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom(0), ModelSpec.hopfield(1.0)));
        List<Point> pts = sweep("benchmark", specs, ts, repeats, seed, (s, t, sd) -> experiments.benchmark(s, n, t, sd));
        return write("benchmark", settings("N", n, "d", n, "T", ts, "repeats", repeats, "seed", seed, "mask", KvTasks.MASK,
                "models", labels(specs)), pts, Map.of(), "Autoassociative recall, d = N = " + n,
                "T (stored items)", "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

    /** The models of the capacity experiment: kv sequential, kv random p = 0.1, Hebbian Hopfield. */
    public static List<ModelSpec> capacityModels() {
        return List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom(0.1), ModelSpec.hopfield(1.0));
    }

    /**
     * Capacity at accuracy {@code theta} for each N, with a least-squares line per model (slope, intercept, R²)
     * and the slope of a line through the origin.
     */
    public Outcome capacity(int[] ns, int repeats, double theta, long seed) throws IOException {
        List<ModelSpec> specs = available(capacityModels());
        List<Point> pts = sweep("capacity", specs, ns, repeats, seed,
                (s, n, sd) -> experiments.capacity(s, n, theta, sd));
        Map<String, Object> summary = new LinkedHashMap<>();
        for (ModelSpec s : specs) {
            List<Integer> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Point p : pts) {
                if (p.model().equals(s.label())) {
                    xs.add((int) p.x());
                    ys.add(p.mean());
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
            f.put("slope", fit.slope());
            f.put("intercept", fit.intercept());
            f.put("r2", fit.r2());
            f.put("slopeThroughOrigin", sxy / sxx);
            summary.put(s.label(), f);
        }
        return write("capacity", settings("N", ns, "repeats", repeats, "theta", theta, "seed", seed,
                "search", "doubling then bisection, each T on fresh items", "models", labels(specs)), pts, summary,
                "Capacity at accuracy " + theta, "N (slots = dimension)", "capacity (items)", null);
    }

    /** Continual recall: accuracy against the delay R, {@code max(minSteps, 20 R)} steps per run. */
    public Outcome continual(int n, int[] rs, int minSteps, int repeats, long seed) throws IOException {
        List<ModelSpec> specs = available(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom(0), ModelSpec.hopfield(0.95)));
        List<Point> pts = sweep("continual", specs, rs, repeats, seed,
                (s, r, sd) -> experiments.continual(s, n, r, (int) Math.min(Integer.MAX_VALUE, Math.max(minSteps, 20L * r)), sd));
        return write("continual", settings("N", n, "R", rs, "steps", "max(" + minSteps + ", 20 R)", "repeats", repeats,
                "seed", seed, "models", labels(specs)), pts, Map.of(), "Continual recall, N = " + n,
                "R (delay, steps)", "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

    /** Correlated items: accuracy against T for each correlation rho. */
    public Outcome correlated(int n, double[] rhos, int[] ts, int repeats, long seed) throws IOException {
        List<ModelSpec> base = available(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom(0), ModelSpec.hopfield(1.0)));
        List<Point> pts = new ArrayList<>();
        for (double rho : rhos) {
            List<ModelSpec> specs = base.stream().map(s -> s.with(s.label() + " rho=" + rho, Map.of())).toList();
            pts.addAll(sweep("correlated rho=" + rho, specs, ts, repeats, KvTasks.seed(seed, Double.doubleToLongBits(rho)),
                    (s, t, sd) -> experiments.correlated(s, n, rho, t, sd)));
        }
        return write("correlated", settings("N", n, "rho", rhos, "T", ts, "repeats", repeats, "seed", seed,
                "models", labels(base)), pts, Map.of(), "Correlated items, d = N = " + n, "T (stored items)",
                "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

    /** Heteroassociative recall: key dimension d = N, value dimension m. */
    public Outcome hetero(int n, int m, int[] ts, int repeats, long seed) throws IOException {
        Map<String, String> vd = Map.of("value-dim", Integer.toString(m));
        List<ModelSpec> specs = available(List.of(ModelSpec.kvSequential().with("kv-sequential", vd),
                ModelSpec.kvRandom(0).with("kv-random", vd), ModelSpec.bam(m)));
        List<Point> pts = sweep("hetero", specs, ts, repeats, seed, (s, t, sd) -> experiments.hetero(s, n, m, n, t, sd));
        return write("hetero", settings("N", n, "d", n, "m", m, "T", ts, "repeats", repeats, "seed", seed,
                "models", labels(specs)), pts, Map.of(), "Heteroassociative recall, d = N = " + n + ", m = " + m,
                "T (stored pairs)", "accuracy (fraction of correct value bits)", new double[] {0.4, 1.0});
    }

    /** Sequence recall: accuracy of the chained recall against the sequence length. */
    public Outcome sequence(int n, int[] lengths, int repeats, long seed) throws IOException {
        List<ModelSpec> specs = available(List.of(ModelSpec.kvSequential(), ModelSpec.kvRandom(0), ModelSpec.bam(0)));
        List<Point> pts = sweep("sequence", specs, lengths, repeats, seed,
                (s, len, sd) -> experiments.sequence(s, n, n, len, sd));
        return write("sequence", settings("N", n, "d", n, "length", lengths, "repeats", repeats, "seed", seed,
                "models", labels(specs)), pts, Map.of(), "Sequence recall, d = N = " + n, "length (items)",
                "accuracy (fraction of correct bits)", new double[] {0.4, 1.0});
    }

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
        json.put("findings", res.findings());
        json.put("initialFindings", res.initialFindings());
        json.put("accuracyAtTEqualsN", Map.of("metalearned", res.learnedAccuracy(), "kv-sequential",
                res.sequentialAccuracy(), "general-rule-initial", res.initialAccuracy()));
        json.put("learnedParams", MetaLearning.spec("kv-metalearned", res.learned()).params());
        json.put("millis", res.millis());
        Json.write(out.resolve("metalearn.json"), json);
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
