package dev.engram.cli;

import dev.engram.experiments.Experiments;
import dev.engram.experiments.Output;
import dev.engram.experiments.PresetPlan;
import dev.engram.experiments.preset.Presets;
import java.nio.file.Path;
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
            description = "Run a preset ('engram presets' lists them); takes only --seed, --out, --data-dir, --force (and --shard, --cluster for the presets that are sweeps).")
    String preset;

    @Option(names = "--seeds", paramLabel = "SEED", split = ",", splitSynopsisLabel = ",", order = 0,
            description = "Repeat every run with each seed; metrics get mean, SD and a 95%% interval (default: --seed).")
    List<Long> seeds;

    @Mixin
    ExperimentOptions opts;

    @Mixin
    DistributionOptions where;

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
            return runPreset(p);
        }
        if (where.given()) {
            throw new UserError("--shard and --cluster run sweeps ('engram sweep') and the presets that are sweeps, "
                    + "not a single run");
        }
        ExperimentOptions.Resolved r = opts.resolve("run", List.of("naive"));
        Experiments.run(main.registry(), r.plan().withSeeds(seeds), new Output(r.out(), spec.commandLine().getOut(), opts.force));
        return 0;
    }

    private int runPreset(String name) throws Exception {
        Presets.get(name);
        if (seeds != null) {
            throw new UserError("preset '" + name + "' fixes its seeds; it takes --seed S (its first seed), not --seeds");
        }
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
        PresetPlan plan = new PresetPlan(name, seed, dataDir);
        Path out = outDir != null ? outDir : Output.defaultFolder(plan);
        if (where.given() && !Presets.get(name).sweep()) {
            throw new UserError("preset '" + name + "' runs in this process only; --shard and --cluster run the presets "
                    + "that are sweeps ('engram presets' says which)");
        }
        dev.engram.experiments.sweep.Sweep.Execution ex = where.execution(spec.commandLine().getErr());
        try {
            Experiments.run(main.registry(), plan, new Output(out, spec.commandLine().getOut(), opts.force), ex);
        } finally {
            if (ex.executor() != null) {
                ex.executor().close();
            }
        }
        return 0;
    }
}
