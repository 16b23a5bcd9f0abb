package dev.engram.experiments;

import dev.engram.api.spi.Registry;
import dev.engram.experiments.data.TaskSequence;
import dev.engram.experiments.io.AtomicFiles;
import dev.engram.experiments.io.FolderClaim;
import dev.engram.experiments.io.FolderLock;
import dev.engram.experiments.sweep.Sweep;
import dev.engram.experiments.sweep.SweepSummary;
import dev.engram.experiments.sweep.Trial;
import dev.engram.experiments.sweep.TrialExecutor;
import dev.engram.experiments.kv.KvStudies;
import dev.engram.experiments.kv.MetaLearning;
import dev.engram.experiments.preset.Preset;
import dev.engram.experiments.preset.PresetContext;
import dev.engram.experiments.preset.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one entry point that runs a {@link Plan}: checks its input (unknown names, bad parameters, missing data
 * are an {@link IllegalArgumentException} before anything is written), creates the output folder, runs, writes
 * the files and prints the tables. The {@code engram} commands only build plans and call {@link #run}; a Java
 * caller (a test, JShell, a notebook) does the same:
 * <pre>{@code
 * Experiments.run(ExperimentPlan.builder().strategy("rehearsal+ewc").build(), Output.to(Path.of("out")));
 * }</pre>
 */
public final class Experiments {
    private Experiments() {
    }

    /**
     * What a finished plan produced.
     *
     * @param folder  where its files are
     * @param seconds wall time
     * @param runs    the runs of an experiment or of a preset made of runs (empty otherwise)
     * @param rows    the trial rows of a sweep, or the points of a key-value study (empty otherwise)
     */
    public record Outcome(Path folder, double seconds, List<RunResult> runs, List<Map<String, Object>> rows) {
    }

    /** Runs {@code plan} with the providers on the class path ({@link Registry#load()}). */
    public static Outcome run(Plan plan, Output output) throws IOException {
        return run(Registry.load(), plan, output);
    }

    /** Runs {@code plan} with the providers of {@code registry}, reporting to {@code output}. */
    public static Outcome run(Registry registry, Plan plan, Output output) throws IOException {
        return run(registry, plan, output, Sweep.Execution.LOCAL);
    }

    /**
     * Runs {@code plan}; a sweep (or a preset that is one) runs the trials of {@code execution}'s slice on its
     * executor (a cluster), every other plan in this process.
     *
     * @throws IllegalArgumentException for bad input, a folder in use by another process, or a folder that holds
     *                                  another experiment's results (unless {@link Output#force()})
     */
    public static Outcome run(Registry registry, Plan plan, Output output, Sweep.Execution execution) throws IOException {
        boolean distributed = !execution.shard().whole() || execution.executor() != null;
        if (distributed && !(plan instanceof SweepPlan) && !(plan instanceof PresetPlan pp && Presets.get(pp.preset()).sweep())) {
            throw new IllegalArgumentException("'" + plan.name() + "' is not a sweep; slices (--shard) and clusters "
                    + "(--cluster) run sweeps and the presets that are sweeps ("
                    + String.join(", ", Presets.all().stream().filter(Preset::sweep).map(Preset::name).toList()) + ")");
        }
        return switch (plan) {
            case ExperimentPlan p -> experiment(registry, p, output);
            case SweepPlan p -> sweep(registry, p, output, execution);
            case PresetPlan p -> preset(registry, p, output, execution);
            case KvPlan p -> kv(registry, p, output);
        };
    }

    /**
     * Creates and locks the output folder and claims it for this experiment (a slice shares it with the other
     * slices).
     */
    private static FolderLock hold(Output output, Sweep.Execution execution, String kind, String name, String identity,
                                   java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, String> problem)
            throws IOException {
        Path dir = AtomicFiles.requireWritableFolder(output.folder());
        FolderLock lock = execution.shard().whole() ? FolderLock.exclusive(dir, kind)
                : FolderLock.slice(dir, execution.shard().index(), execution.shard().count(), kind);
        try {
            FolderClaim.claim(dir, kind, name, identity, output.force(), output.console(), problem);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    private static void done(PrintWriter console, long t0, String what, Path out) {
        console.printf(Locale.ROOT, "Done in %.1f s. %s: %s%n", seconds(t0), what, out);
        console.flush();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Outcome experiment(Registry registry, ExperimentPlan plan, Output output) throws IOException {
        List<Runner.Prepared> runs = new ArrayList<>(Runner.prepareAll(registry, plan.models(), plan.strategies()));
        plan.data().check();
        // the first sequence is built before the folder is made: bad data settings create nothing
        TaskSequence first = plan.data().build(plan.seed());
        // a strategy that cannot work with a model: skipped when the strategies were not chosen, an error otherwise
        for (Iterator<Runner.Prepared> it = runs.iterator(); it.hasNext(); ) {
            Runner.Prepared p = it.next();
            String why = Runner.incompatibility(registry, p, first.dimension(), plan.seed());
            if (why != null) {
                if (!plan.skipIncompatible()) {
                    throw new IllegalArgumentException(why);
                }
                output.console().println("engram: skipping " + p.label() + ": " + why);
                it.remove();
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no installed strategy can work with the model(s) "
                    + plan.models().stream().map(Spec::name).toList());
        }
        try (FolderLock _ = hold(output, Sweep.Execution.LOCAL, plan.command(), plan.name(),
                dev.engram.experiments.sweep.TrialKey.hash(plan.record()), null)) {
            return experiment(registry, plan, output, runs, first);
        }
    }

    private static Outcome experiment(Registry registry, ExperimentPlan plan, Output output, List<Runner.Prepared> runs,
                                      TaskSequence seq) throws IOException {
        Path out = output.folder();
        PrintWriter console = output.console();
        console.println("engram: " + plan.command() + " '" + plan.name() + "' (" + runs.size() + " run"
                + (runs.size() == 1 ? "" : "s") + (plan.seeds().size() > 1 ? " x " + plan.seeds().size() + " seeds" : "")
                + ", " + plan.data().kindOrDefault() + " tasks) -> " + out);
        console.flush();
        long t0 = System.nanoTime();
        List<RunResult> results = Experiment.run(registry, plan.name(), runs, plan.seeds(),
                s -> s == plan.seed() ? seq : plan.data().build(s), plan.options(), out, plan.record(), console);
        done(console, t0, "Results and plots", out);
        return new Outcome(out, seconds(t0), results, List.of());
    }

    private static Outcome sweep(Registry registry, SweepPlan plan, Output output, Sweep.Execution execution)
            throws IOException {
        List<Trial> trials = plan.trials();
        List<TrialExecutor.Pending> keyed = Sweep.keys(registry, trials);
        ExperimentPlan e = plan.experiment();
        if (execution.executor() == null || execution.executor().local()) {
            e.data().check();
        }
        Sweep.Setup setup = new Sweep.Setup(plan.name(), null, plan.format(), plan.record());
        try (FolderLock _ = hold(output, execution, "sweep", plan.name(), Sweep.identity(keyed),
                m -> Sweep.differenceFrom(output.folder(), setup, keyed))) {
            long t0 = System.nanoTime();
            SweepSummary.Merged m = Sweep.run(registry, setup, keyed, execution, output.folder(), output.console());
            done(output.console(), t0, "Trials, summary and plots", output.folder());
            return new Outcome(output.folder(), seconds(t0), List.of(), m.rows());
        }
    }

    private static Outcome preset(Registry registry, PresetPlan plan, Output output, Sweep.Execution execution)
            throws IOException {
        Preset preset = Presets.get(plan.preset());
        String identity = dev.engram.experiments.sweep.TrialKey.hash(List.of("preset", plan.preset(),
                String.valueOf(plan.seed())));
        try (FolderLock _ = hold(output, execution, "preset", plan.preset(), identity, null)) {
            Path out = output.folder();
            PrintWriter console = output.console();
            console.println("engram: preset " + plan.preset() + " -> " + out);
            console.flush();
            long t0 = System.nanoTime();
            long started = System.currentTimeMillis() - 1000;
            preset.runner().run(new PresetContext(registry, out, plan.seed(), plan.dataDir(), console, execution));
            Path report = out.resolve(HtmlReport.FILE);
            if (!Files.exists(report) || Files.getLastModifiedTime(report).toMillis() < started) {
                HtmlReport.forFolder(out, "preset " + plan.preset(), Versions.of(registry), console);
            }
            done(console, t0, "Results and plots", out);
            return new Outcome(out, seconds(t0), List.of(), List.of());
        }
    }

    private static Outcome kv(Registry registry, KvPlan plan, Output output) throws IOException {
        try (FolderLock _ = hold(output, Sweep.Execution.LOCAL, "kv", plan.name(), "kv", null)) {
            return kvHeld(registry, plan, output);
        }
    }

    private static Outcome kvHeld(Registry registry, KvPlan plan, Output output) throws IOException {
        long t0 = System.nanoTime();
        KvStudies s = new KvStudies(registry, output.folder());
        PrintWriter w = output.console();
        KvStudies.Outcome o = switch (plan) {
            case KvPlan.Benchmark b -> s.benchmark(b.n(), b.items(), b.p(), b.repeats(), b.seed());
            case KvPlan.Capacity c -> s.capacity(c.sizes(), c.p(), c.search(), c.repeats(), c.theta(), c.seed());
            case KvPlan.Continual c -> s.continual(c.n(), c.delays(), c.steps(), c.p(), c.store(), c.rule(), c.repeats(),
                    c.seed());
            case KvPlan.Correlated c -> s.correlated(c.n(), c.rhos(), c.items(), c.p(), c.repeats(), c.seed());
            case KvPlan.Hetero h -> s.hetero(h.n(), h.m(), h.items(), h.p(), h.rule(), h.repeats(), h.seed());
            case KvPlan.Sequence q -> s.sequence(q.n(), q.lengths(), q.p(), q.rule(), q.repeats(), q.seed());
            case KvPlan.Flashbulb f -> s.flashbulb(f.n(), f.delays(), f.storeSteps(), f.salientFraction(), f.p(),
                    f.stability(), f.synapseThreshold(), f.randomSynapseThreshold(), f.rule(), f.repeats(), f.seed());
            case KvPlan.OptimisedCapacity c -> s.optimisedCapacity(c.config());
            case KvPlan.Metalearn m -> {
                printMetalearn(w, s.metalearn(m.config()), output.folder());
                HtmlReport.forFolder(output.folder(), "engram kv metalearn", Versions.of(registry), w);
                yield null;
            }
        };
        if (o == null) {
            return new Outcome(output.folder(), seconds(t0), List.of(), List.of());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (KvStudies.Point p : o.points()) {
            w.printf(Locale.ROOT, "%-28s %8s  %.4f%s  (sd %.4f, %d runs)%n", p.model(), fmt(p.x()), p.mean(),
                    Double.isNaN(p.halfWidth()) ? "" : String.format(Locale.ROOT, " ± %.4f", p.halfWidth()), p.sd(),
                    p.repeats());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", p.model());
            row.put("x", p.x());
            row.put("mean", p.mean());
            row.put("sd", p.sd());
            row.put("ci95-low", p.low());
            row.put("ci95-high", p.high());
            row.put("repeats", p.repeats());
            rows.add(row);
        }
        o.table().forEach(w::println);
        s.notes().forEach(n -> w.println("note: " + n));
        HtmlReport.forFolder(output.folder(), "engram kv " + plan.name(), Versions.of(registry), w);
        w.println("wrote " + o.files() + " and " + output.folder().resolve(HtmlReport.FILE));
        w.flush();
        return new Outcome(output.folder(), seconds(t0), List.of(), rows);
    }

    private static void printMetalearn(PrintWriter w, MetaLearning.Result r, Path out) {
        w.println("learned scalars:");
        for (Map.Entry<String, Double> e : r.learned().entrySet()) {
            w.printf(Locale.ROOT, "  %-18s %8.4f%n", e.getKey(), e.getValue());
        }
        w.printf(Locale.ROOT, "loss %.4f -> %.4f in %d evaluations (%.1f s)%n", r.initialLoss(), r.learnedLoss(),
                r.evaluationsUsed(), r.millis() / 1000.0);
        if (r.stageLosses().size() > 1) {
            w.printf(Locale.ROOT, "  stage 1 (11 rule scalars, global factor fixed) %.4f, stage 2 (all 13) %.4f%n",
                    r.stageLosses().get(0), r.stageLosses().get(1));
        }
        MetaLearning.Findings f = r.findings();
        w.printf(Locale.ROOT, "findings: key rule pre-only %s, value rule Hebbian %s; loss change when one scalar is 0:%n",
                f.keyPreOnly() ? "yes" : "no", f.valueHebbian() ? "yes" : "no");
        for (Map.Entry<String, Double> e : f.ablation().entrySet()) {
            w.printf(Locale.ROOT, "  %-18s %+8.1f %%%n", e.getKey(), 100 * e.getValue());
        }
        if (r.config().randomSlots()) {
            w.printf(Locale.ROOT, "accuracy at T = N: metalearned %.4f, simple rule on the same random slots %.4f, "
                    + "kv-sequential %.4f, initial general rule %.4f%n", r.learnedAccuracy(), r.simpleAccuracy(),
                    r.sequentialAccuracy(), r.initialAccuracy());
        } else {
            w.printf(Locale.ROOT, "accuracy at T = N: metalearned %.4f, kv-sequential %.4f, initial general rule %.4f%n",
                    r.learnedAccuracy(), r.sequentialAccuracy(), r.initialAccuracy());
        }
        w.println("wrote " + out.resolve("metalearn.json") + " (+ .csv, .png, .svg) and the rule "
                + out.resolve(dev.engram.experiments.kv.KvStudies.RULE_FILE) + " (use it with --rule)");
        w.flush();
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
