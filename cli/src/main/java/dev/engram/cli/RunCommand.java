package dev.engram.cli;

import dev.engram.api.spi.Registry;
import dev.engram.experiments.Experiment;
import dev.engram.experiments.Runner;
import dev.engram.experiments.data.TaskSequence;
import dev.engram.experiments.preset.Preset;
import dev.engram.experiments.preset.PresetContext;
import dev.engram.experiments.preset.Presets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram run}: one experiment (or a preset; with nothing given, the demo preset). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Learn tasks in sequence with a model and a strategy; write results and plots.",
            "",
            "After each task every task is evaluated (the accuracy matrix R); ACC, BWT, FWT",
            "and forgetting are computed; results.json, results.csv, matrix.csv, recall.csv",
            "and PNG + SVG plots go into the output folder.",
            "With nothing given it runs the demo preset (dam, every strategy, random tasks).",
            "Defaults: --model dam --strategy naive. Parameters: 'engram plugins'.",
            "",
            "Example:",
            "  engram run --model dam --model-param n=3 --strategy ewc \\",
            "             --strategy-param lambda=100 --tasks 5 --seed 1",
            ""})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", order = 0,
            description = "Run a preset ('engram presets' lists them); takes only --seed, --out, --data-dir.")
    String preset;

    @Mixin
    ExperimentOptions opts;

    @Override
    public Integer call() throws Exception {
        String p = preset;
        if (p == null && opts.nothingGiven()) {
            p = "demo";
        }
        if (p == null && opts.config != null) {
            p = opts.readConfig().preset();
            if (p != null && !opts.onlyPresetOptions()) {
                throw new UserError("config file '" + opts.config + "' names preset '" + p
                        + "'; a preset takes only --seed, --out and --data-dir");
            }
        }
        if (p != null) {
            return runPreset(main, spec, p, opts);
        }
        return runExperiment(main, spec, opts, "run", List.of("naive"));
    }

    static int runPreset(Main main, CommandSpec spec, String name, ExperimentOptions opts) throws Exception {
        Preset preset = Presets.get(name);
        if (!opts.onlyPresetOptions()) {
            throw new UserError("--preset " + name + " takes only --seed, --out and --data-dir (its settings are fixed; "
                    + "see docs/experiments.md), not model, strategy or data flags");
        }
        Long seed = opts.seed;
        Path outDir = opts.out;
        Path dataDir = opts.dataDir;
        if (opts.config != null) {
            var c = opts.readConfig();
            seed = seed != null ? seed : c.seed();
            outDir = outDir != null ? outDir : c.out() != null ? Path.of(c.out()) : null;
            if (dataDir == null && c.data() != null && c.data().dir() != null) {
                dataDir = Path.of(c.data().dir());
            }
        }
        Path out = ExperimentOptions.prepareOut(outDir != null ? outDir : ExperimentOptions.defaultOut(name));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("engram: preset " + name + " -> " + out);
        stdout.flush();
        Registry registry = main.registry();
        long t0 = System.nanoTime();
        preset.runner().run(new PresetContext(registry, out, seed, dataDir, stdout));
        stdout.printf(java.util.Locale.ROOT, "Done in %.1f s. Results and plots: %s%n", (System.nanoTime() - t0) / 1e9, out);
        stdout.flush();
        return 0;
    }

    static int runExperiment(Main main, CommandSpec spec, ExperimentOptions opts, String command,
                             List<String> defaultStrategies) throws Exception {
        ExperimentOptions.Resolved r = opts.resolve(command, defaultStrategies);
        Registry registry = main.registry();
        List<Runner.Prepared> runs = new ArrayList<>(Runner.prepareAll(registry, r.models(), r.strategies()));
        r.data().check();
        Path out = ExperimentOptions.prepareOut(r.out());
        PrintWriter stdout = spec.commandLine().getOut();
        TaskSequence seq = r.data().build(r.seed());
        // a strategy that cannot work with a model: skipped when the strategies were not chosen, an error otherwise
        for (Iterator<Runner.Prepared> it = runs.iterator(); it.hasNext(); ) {
            Runner.Prepared p = it.next();
            String why = Runner.incompatibility(registry, p, seq.dimension(), r.seed());
            if (why != null) {
                if (!r.strategiesDefaulted()) {
                    throw new UserError(why);
                }
                stdout.println("engram: skipping " + p.label() + ": " + why);
                it.remove();
            }
        }
        if (runs.isEmpty()) {
            throw new UserError("no installed strategy can work with the model(s) " + r.models().stream()
                    .map(dev.engram.experiments.Spec::name).toList());
        }
        stdout.println("engram: " + command + " '" + r.name() + "' (" + runs.size() + " run" + (runs.size() == 1 ? "" : "s")
                + ", " + r.data().kindOrDefault() + " tasks) -> " + out);
        stdout.flush();
        long t0 = System.nanoTime();
        Experiment.run(registry, r.name(), runs, seq, r.seed(), r.options(), out, ExperimentOptions.record(r, command), stdout);
        stdout.printf(java.util.Locale.ROOT, "Done in %.1f s. Results and plots: %s%n", (System.nanoTime() - t0) / 1e9, out);
        stdout.flush();
        return 0;
    }
}
